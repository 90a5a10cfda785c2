/**
 * Reading nats-server configuration files: the file syntax ({@code ConfigParser}), Go durations and
 * byte sizes, and applying the keys Weft understands to a {@code ServerConfig.Builder}. Depends
 * only on the public API's configuration; used by {@code cli}.
 */
package dev.weft.server.config;
