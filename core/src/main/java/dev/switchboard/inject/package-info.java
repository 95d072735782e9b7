/**
 * Dependency injection for applications that use a container: {@link
 * dev.switchboard.inject.SwitchboardModule} gives a Dagger component the ports of a {@link
 * dev.switchboard.Switchboard} it binds, and {@link dev.switchboard.inject.SwitchboardProviders}
 * gives other {@code jakarta.inject} containers the same ports as providers. Applications without a
 * container use {@link dev.switchboard.Switchboard#fromConfig} and need nothing from here.
 *
 * <pre>{@code
 * @Component(modules = SwitchboardModule.class)
 * interface ShopComponent { ... }
 * }</pre>
 */
package dev.switchboard.inject;
