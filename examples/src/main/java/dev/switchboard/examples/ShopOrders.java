package dev.switchboard.examples;

import dev.switchboard.payments.Money;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link DeferredCheckout}'s own data: a table of orders in the same H2 database as the deferred
 * queue, so that an order row and its queued charge can be written in one transaction.
 */
final class ShopOrders {
  /** One row of the orders table. */
  record Row(String status, String provider, String paymentId) {}

  private final String url;

  ShopOrders(String url) {
    this.url = url;
  }

  /** A new connection to the shop's database, as the application's data source would hand out. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  void createTable() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE shop_orders (id VARCHAR(64) PRIMARY KEY, amount_minor BIGINT NOT NULL,"
              + " currency VARCHAR(3) NOT NULL, status VARCHAR(16) NOT NULL, provider VARCHAR(16),"
              + " payment_id VARCHAR(64))");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the orders table", e);
    }
  }

  /** Inserts an ACCEPTED order in {@code c}'s current transaction. */
  void insert(Connection c, String order, Money amount) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO shop_orders (id, amount_minor, currency, status)"
                + " VALUES (?, ?, ?, 'ACCEPTED')")) {
      insert.setString(1, order);
      insert.setLong(2, amount.minorUnits());
      insert.setString(3, amount.currency().getCurrencyCode());
      insert.executeUpdate();
    }
  }

  /** Records how an order's payment ended, in a transaction of its own. */
  void mark(String order, String status, String provider, String paymentId) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE shop_orders SET status = ?, provider = ?, payment_id = ? WHERE id = ?")) {
      s.setString(1, status);
      s.setString(2, provider);
      s.setString(3, paymentId);
      s.setString(4, order);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not update order " + order, e);
    }
  }

  /** Every order, by id. */
  Map<String, Row> rows() {
    Map<String, Row> rows = new LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, status, provider, payment_id FROM shop_orders ORDER BY id")) {
      while (r.next()) {
        rows.put(r.getString(1), new Row(r.getString(2), r.getString(3), r.getString(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the orders", e);
    }
    return rows;
  }

  /** The orders' statuses, counted: {@code 4 ACCEPTED}. */
  String statuses() {
    Map<String, Long> counts = new LinkedHashMap<>();
    rows().values().forEach(row -> counts.merge(row.status(), 1L, Long::sum));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }
}
