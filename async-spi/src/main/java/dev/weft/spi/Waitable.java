package dev.weft.spi;

/**
 * Something a task can wait on with {@link Context#waitReadable} and {@link Context#waitEither}: a
 * {@link StreamSocket}, a {@link Listener} or a {@link Signal} of the same runtime.
 */
public interface Waitable {}
