package io.vigil.notify;

/**
 * A type setting of a channel.
 *
 * @param name     member name in the channel's JSON, e.g. {@code url}
 * @param kind     the JSON shape it must have
 * @param required whether it must be given
 * @param secret   stored encrypted, returned by the create call only, masked afterwards
 */
public record Setting(String name, Kind kind, boolean required, boolean secret) {

    public enum Kind {
        /** A string. */
        TEXT,
        /** An array of strings. */
        TEXT_LIST,
        /** An object of string values. */
        TEXT_MAP,
        /** A whole number. */
        INTEGER
    }

    public static Setting required(String name, Kind kind) {
        return new Setting(name, kind, true, false);
    }

    public static Setting optional(String name, Kind kind) {
        return new Setting(name, kind, false, false);
    }

    public static Setting requiredSecret(String name) {
        return new Setting(name, Kind.TEXT, true, true);
    }

    public static Setting optionalSecret(String name) {
        return new Setting(name, Kind.TEXT, false, true);
    }
}
