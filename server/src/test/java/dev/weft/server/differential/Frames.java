package dev.weft.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a server-to-client byte stream into protocol frames: a control line plus, for MSG/HMSG,
 * its payload.
 */
final class Frames {
  private Frames() {}

  /** The frames, each escaped as a script would write it; an incomplete tail is one last frame. */
  static List<String> split(byte[] stream) {
    List<String> frames = new ArrayList<>();
    int i = 0;
    while (i < stream.length) {
      int eol = ScriptRunner.indexOf(stream, new byte[] {'\r', '\n'}, i);
      if (eol < 0) {
        frames.add(ProtocolScript.escape(Arrays.copyOfRange(stream, i, stream.length)));
        break;
      }
      String line = new String(stream, i, eol - i, StandardCharsets.ISO_8859_1);
      int end = eol + 2;
      if (line.startsWith("MSG ") || line.startsWith("HMSG ")) {
        String[] f = line.trim().split("[ \t]+");
        try {
          end = Math.min(stream.length, end + Integer.parseInt(f[f.length - 1]) + 2);
        } catch (NumberFormatException e) {
          // a malformed MSG line stays a frame of its own
        }
      }
      frames.add(ProtocolScript.escape(Arrays.copyOfRange(stream, i, end)));
      i = end;
    }
    return frames;
  }
}
