/**
 * The Loom backend's I/O edge on blocking JDK channels: the runtime ({@link
 * dev.weft.backend.loom.LoomRuntime}), sockets driven by a receive pump and a send pump virtual
 * thread each ({@link dev.weft.backend.loom.LoomReceivePump}, {@link
 * dev.weft.backend.loom.LoomSendPump}), listeners with an acceptor pump, and connect. Tasks, waits,
 * timeouts and signals come from the backend kit ({@code dev.weft.backend.kit}). Nothing may depend
 * on this package: it is found through {@link java.util.ServiceLoader} only.
 */
package dev.weft.backend.loom;
