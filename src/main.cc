#include "edged/server/cli.h"

int main(int argc, char** argv) { return edged::server::run(argc, argv); }
