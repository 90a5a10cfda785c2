/**
 * The client suite: the Weft NATS client ({@code dev.weft.client}) running on the backend under
 * test, through the same scenarios against a Weft server on every backend present and, when one is
 * installed, the real nats-server. Only {@link dev.weft.tck.WeftTck} depends on it, through {@link
 * dev.weft.tck.client.ClientSuite}; it depends on the client, the server, the SPI, JUnit, the
 * shared test fixtures ({@code dev.weft.testing}, which start nats-server) and the kit's root
 * package.
 */
package dev.weft.tck.client;
