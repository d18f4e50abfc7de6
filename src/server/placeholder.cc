namespace edged::server {}
