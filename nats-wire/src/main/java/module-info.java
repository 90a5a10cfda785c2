/**
 * The NATS wire primitives that the server and the client both need, in one place: decimal numbers
 * written into and read from byte arrays, subject rules, ASCII matching, and the JSON reader and
 * string quoting. JDK only, so either side can use it without taking anything else along.
 */
module dev.weft.wire {
  exports dev.weft.wire;
}
