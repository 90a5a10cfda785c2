/**
 * The backend kit: the task ({@link dev.weft.backend.kit.VirtualTask}), timeouts ({@link
 * dev.weft.backend.kit.Timeouts}), the waitable protocol ({@link
 * dev.weft.backend.kit.LevelWaitable}, {@link dev.weft.backend.kit.ParkedThreads}, {@link
 * dev.weft.backend.kit.FlagSignal}), the parker every suspension goes through ({@link
 * dev.weft.backend.kit.Parker}), the one-reader/one-writer guard ({@link
 * dev.weft.backend.kit.ExclusiveUse}), the options reader ({@link
 * dev.weft.backend.kit.BackendOptionReader}) and the bounded join at close ({@link
 * dev.weft.backend.kit.ThreadExit}). A backend keeps only its I/O edge and builds on these. It
 * depends on the SPI and the JDK only; only the backends may depend on it.
 */
package dev.weft.backend.kit;
