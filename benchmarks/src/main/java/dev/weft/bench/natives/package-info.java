/**
 * The native baselines for {@code bin/bench-spi-vs-native}: SpiBench's ping-pong, streaming and
 * hand-off measurements written directly against each runtime the backends wrap, without the SPI.
 * Loom is virtual threads on blocking JDK sockets, Netty a pair of channel handlers on its event
 * loops, Vert.x a NetServer and NetClient with handlers. Same message sizes, counts and time caps
 * as SpiBench, same {@code RESULT} lines.
 */
package dev.weft.bench.natives;
