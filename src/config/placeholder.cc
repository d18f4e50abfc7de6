namespace edged::config {}
