#pragma once
// systemd's service notification protocol (sd_notify(3)) without libsystemd: one datagram of
// "KEY=value" lines to the AF_UNIX socket named by $NOTIFY_SOCKET (a leading "@" is an abstract
// address). edged sends READY=1 once it serves, RELOADING=1 around a SIGHUP reload and
// STOPPING=1 when it drains, so a `Type=notify` unit knows its state.

#include <string>
#include <string_view>

namespace edged::server {

// Sends `state` to $NOTIFY_SOCKET; does nothing (and succeeds) when it is unset, as outside
// systemd. Returns false only when the socket was named but the datagram could not be sent.
bool notifySystemd(std::string_view state);

// "RELOADING=1\nMONOTONIC_USEC=<now>": systemd ≥ 253 matches it with the reload it started.
std::string reloadingState();

}  // namespace edged::server
