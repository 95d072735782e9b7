/**
 * JUnit 5 extensions that run the testkit's vendor simulators and a local S3 server for a test
 * class: {@link dev.switchboard.testkit.junit.SimulatorExtension} and {@link
 * dev.switchboard.testkit.junit.S3ServerExtension}, registered with {@code @RegisterExtension}.
 */
package dev.switchboard.testkit.junit;
