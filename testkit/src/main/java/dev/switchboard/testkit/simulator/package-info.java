/**
 * Local stand-ins for vendors' HTTP APIs, for adapter tests: {@link
 * dev.switchboard.testkit.simulator.VendorSimulator} is the shared base (request recording and
 * {@link dev.switchboard.testkit.simulator.SimulatedFault fault injection}); each vendor's
 * simulator speaks that vendor's real wire format.
 */
package dev.switchboard.testkit.simulator;
