// The URL parser's domain ops (UTS #46 itself is tested in idna_test.cc).
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using IdnaOps = testing::ApiOpsTest;

TEST_F(IdnaOps, DomainToAsciiReturnsPunycodeOrNull) {
  EXPECT_EQ(js("ops.domainToASCII('M\\u00fcnchen.de', false)"), "xn--mnchen-3ya.de");
  EXPECT_EQ(js("ops.domainToASCII('example.com', true)"), "example.com");
  EXPECT_EQ(js("String(ops.domainToASCII('xn--a.xn--zz', true))"), "null");
}

TEST_F(IdnaOps, DomainToUnicodeDecodesPunycode) {
  EXPECT_EQ(js("ops.domainToUnicode('xn--mnchen-3ya.de')"), "münchen.de");
}

}  // namespace
}  // namespace edged::api
