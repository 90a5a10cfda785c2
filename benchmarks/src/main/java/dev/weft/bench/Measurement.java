package dev.weft.bench;

import dev.weft.spi.AsyncRuntime;

/** One benchmark, run against a freshly opened runtime that the caller closes afterwards. */
interface Measurement {
  String name();

  Figures run(AsyncRuntime runtime) throws Exception;
}
