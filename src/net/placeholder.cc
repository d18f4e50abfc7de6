namespace edged::net {}
