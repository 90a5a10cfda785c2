/**
 * The runnable jars' entry point, compiled for Java 8: checks the running Java's version, then
 * starts the server or CLI main class named in the jar's manifest. Depends on nothing but the JDK,
 * and nothing depends on it.
 */
package dev.weft.launcher;
