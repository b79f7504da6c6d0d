package io.vigil.statuspage;

import java.util.UUID;

/** A status page's definition changed (created, replaced, deleted): cached renderings of it are stale. */
public record StatusPageChanged(UUID pageId) {
}
