#include "edged/server/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace edged::server {
namespace {

// A datagram socket standing in for systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(std::string name) : name_(std::move(name)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name_.c_str(), name_.size());
    if (name_[0] == '@') address.sun_path[0] = '\0';
    socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), length), 0) << std::strerror(errno);
    ::setenv("NOTIFY_SOCKET", name_.c_str(), 1);
  }
  ~NotifySocket() {
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd_);
    if (name_[0] == '/') ::unlink(name_.c_str());
  }
  std::string receive() {
    char buffer[512];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    return n < 0 ? std::string("(nothing)") : std::string(buffer, static_cast<size_t>(n));
  }

 private:
  std::string name_;
  int fd_ = -1;
};

TEST(SystemdNotifyTest, WithoutNotifySocketNothingIsSent) {
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_TRUE(notifySystemd("READY=1"));
}

TEST(SystemdNotifyTest, SendsToAPathSocket) {
  NotifySocket socket("/tmp/edged-notify-test-" + std::to_string(::getpid()));
  EXPECT_TRUE(notifySystemd("READY=1"));
  EXPECT_EQ(socket.receive(), "READY=1");
  EXPECT_TRUE(notifySystemd("STOPPING=1"));
  EXPECT_EQ(socket.receive(), "STOPPING=1");
}

TEST(SystemdNotifyTest, SendsToAnAbstractSocket) {
  NotifySocket socket("@edged-notify-test-" + std::to_string(::getpid()));
  std::string reloading = reloadingState();
  EXPECT_TRUE(notifySystemd(reloading));
  EXPECT_EQ(socket.receive(), reloading);
  EXPECT_TRUE(reloading.starts_with("RELOADING=1\nMONOTONIC_USEC="));
}

TEST(SystemdNotifyTest, AnUnusableSocketNameFails) {
  ::setenv("NOTIFY_SOCKET", "relative/path", 1);
  EXPECT_FALSE(notifySystemd("READY=1"));
  ::setenv("NOTIFY_SOCKET", "/nonexistent/dir/socket", 1);
  EXPECT_FALSE(notifySystemd("READY=1"));
  ::unsetenv("NOTIFY_SOCKET");
}

}  // namespace
}  // namespace edged::server
