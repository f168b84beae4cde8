/**
 * The engine's inside, not API: the settings it reads on the hot path, the executor
 * directory, the thread slots, tracked tasks, the watchdog and the detectors. Its
 * types are public only so that asyncloop's own integrations (scheduling, Reactor,
 * blocking detection, the endpoint) can reach them; they may change in any release.
 * Applications use {@link dev.asyncloop.core.AsyncLoopEngine} and the types of
 * {@code dev.asyncloop.core}.
 */
package dev.asyncloop.core.internal;
