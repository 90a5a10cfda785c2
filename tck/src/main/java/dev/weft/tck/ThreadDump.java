package dev.weft.tck;

import java.util.Map;

/** A plain-text dump of every platform thread, printed when a rule times out. */
public final class ThreadDump {
    private ThreadDump() {
    }

    public static String all() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement frame : e.getValue()) {
                sb.append("    at ").append(frame).append('\n');
            }
        }
        return sb.toString();
    }
}
