package com.example.coldstart;

import org.springframework.test.context.TestPropertySource;

/**
 * The same cold start with debug mode on: blocking calls detected from Flight
 * Recorder events and creation stacks add nothing to report either.
 */
@TestPropertySource(properties = "asyncloop.debug=true")
class ColdStartInDebugModeTests extends ColdStartTests {

}
