#include "edged/util/result.h"
