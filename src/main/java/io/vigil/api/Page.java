package io.vigil.api;

import java.util.List;

/** The list envelope of the API: items, newest first where they have a time, and an opaque cursor or null. */
public record Page<T>(List<T> items, String next) {
}
