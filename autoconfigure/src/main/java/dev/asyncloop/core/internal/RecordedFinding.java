package dev.asyncloop.core.internal;

import dev.asyncloop.core.Finding;

/**
 * A finding with its place in the order of all findings of one engine.
 *
 * @param sequence increases with every recorded finding; an update keeps it
 * @param finding the finding
 */
public record RecordedFinding(long sequence, Finding finding) {
}
