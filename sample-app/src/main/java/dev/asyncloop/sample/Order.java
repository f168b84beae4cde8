package dev.asyncloop.sample;

/**
 * An order, just enough to save one.
 */
record Order(String id) {
}
