/**
 * Local stand-ins for vendors' HTTP APIs, for adapter tests: {@link
 * dev.switchboard.testkit.simulator.VendorSimulator} is the shared base (request recording and
 * {@link dev.switchboard.testkit.simulator.SimulatedFault fault injection}); each vendor's
 * simulator speaks that vendor's real wire format. {@link
 * dev.switchboard.testkit.simulator.WebhookDeliveries} delivers the simulators' signed webhooks to
 * a receiver over HTTP, redelivering on each vendor's {@link
 * dev.switchboard.testkit.simulator.RedeliverySchedule}.
 */
package dev.switchboard.testkit.simulator;
