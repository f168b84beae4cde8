/**
 * asyncloop's API: the {@link dev.asyncloop.core.AsyncLoopEngine engine} as users and
 * extenders see it, its {@link dev.asyncloop.core.RuntimeSettings runtime settings},
 * the {@link dev.asyncloop.core.Finding findings} and their
 * {@link dev.asyncloop.core.FindingListener listeners}, and
 * {@link dev.asyncloop.core.NamedTask named tasks}. Plain JDK. No public signature here
 * names a type of {@code dev.asyncloop.core.internal}, the engine's inside.
 */
package dev.asyncloop.core;
