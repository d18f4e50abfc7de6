namespace edged::runtime {}
