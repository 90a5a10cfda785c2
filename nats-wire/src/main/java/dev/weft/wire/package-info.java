/**
 * Byte-level pieces of the NATS protocol shared by {@code dev.weft.server} and {@code
 * dev.weft.client}: {@link dev.weft.wire.Decimal} (sizes and sids in control lines), {@link
 * dev.weft.wire.Ascii} (field separators, case-insensitive op names), {@link
 * dev.weft.wire.Subjects} (the subject rules each side applies, named by who applies them), {@link
 * dev.weft.wire.JsonReader} (CONNECT and INFO, in the strictness each side needs) and {@link
 * dev.weft.wire.JsonStrings}. Where the two sides differ in strictness, both rules are here under
 * distinct names and each side calls its own. Depends on nothing but {@code java.base}; both the
 * server and the client may depend on it, it depends on neither.
 */
package dev.weft.wire;
