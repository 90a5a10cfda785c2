/**
 * Test fixtures the tests of several modules share: the real nats-server as a child process and
 * waiting for a condition with a deadline. JDK only. The server and client tests take it in test
 * scope; the TCK, whose main code is tests, is the one main-code user.
 */
module dev.weft.testing {
  exports dev.weft.testing;
}
