package dev.notegraph.neo4jlocal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;
import sun.misc.Signal;

/**
 * Neo4j Community in this process, reachable only over Bolt on 127.0.0.1, for
 * notegraph users without Docker. Configured by env (see README.md); prints
 * "neo4j-local ready bolt://127.0.0.1:PORT" once a client can connect and
 * "neo4j-local stopped" after a clean shutdown.
 */
public final class Main {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    // Must be set before Netty (Bolt) loads: lets it free direct buffers itself on
    // Java 9+, as Neo4j's own launcher does.
    System.setProperty("io.netty.tryReflectionSetAccessible", "true");

    int port;
    try {
      port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
    } catch (NumberFormatException e) {
      System.err.println("neo4j-local: NEO4J_BOLT_PORT must be a port number, not " + e.getMessage());
      System.exit(2);
      return;
    }
    Path home = Path.of(env("NEO4J_DATA_DIR", ".kg/neo4j")).toAbsolutePath().normalize();
    String password = env("NEO4J_PASSWORD", null); // empty counts as unset

    DatabaseManagementService dbms;
    try {
      dbms = new DatabaseManagementServiceBuilder(home)
          .setConfig(BoltConnector.enabled, true)
          .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
          .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
          .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
          // Otherwise each database's transaction log takes 256 MiB of disk up front: an
          // empty store would be 0.5 GiB, a lot for .kg/ and for throwaway test stores.
          .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
          .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
          // A local dev server: let any non-empty NEO4J_PASSWORD work, not only 8+ chars.
          .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
          // A dev server has no business phoning home (and often no internet).
          .setConfig(GraphDatabaseSettings.udc_enabled, false)
          // Bolt's Netty event loops otherwise wait out a quiet period (twice) after the
          // databases have already closed, making a stop take ~10 s instead of ~1 s.
          .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
          // The embedded API logs nothing to the console by default; warnings and
          // errors (e.g. port in use) should reach the user. Full log: <home>/logs.
          .setUserLogProvider(new Log4jLogProvider(System.err, Level.WARN))
          .build();
    } catch (RuntimeException e) {
      System.err.println("neo4j-local: failed to start: " + rootMessage(e));
      System.exit(1);
      return;
    }

    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        dbms.shutdown();
        System.out.println("neo4j-local stopped");
        System.out.flush();
      }
    };
    // Covers exits we don't see coming (SIGHUP, System.exit elsewhere).
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-local-shutdown"));
    // SIGTERM/SIGINT are a requested stop: shut down from main and exit 0, so that
    // `kill $pid; wait $pid` in a `set -e` script or `npm run` doesn't see 143/130.
    CountDownLatch stopRequested = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
    Signal.handle(new Signal("INT"), s -> stopRequested.countDown());

    try {
      if (password != null) {
        setPassword(dbms, password);
      }
      // build() returns with the databases started; still prove both ends work
      // before telling anyone to connect.
      dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
      awaitPort(port, 60_000);
    } catch (Exception e) {
      System.err.println("neo4j-local: failed to start: " + rootMessage(e));
      stop.run();
      System.exit(1);
    }

    System.err.println("neo4j-local: Neo4j " + neo4jVersion() + ", data " + home
        + ", auth " + (password != null ? "on (user neo4j)" : "off"));
    System.out.println("neo4j-local ready bolt://" + HOST + ":" + port);
    System.out.flush();

    stopRequested.await();
    stop.run();
    System.exit(0);
  }

  /**
   * Make the neo4j user's password NEO4J_PASSWORD on every start, so changing the
   * env var changes the password (the store keeps users in the system database).
   */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
    } catch (QueryExecutionException e) {
      // Neo4j refuses to "change" a password to the one it already has; that is
      // the normal case on a restart. Just make sure no change is demanded.
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        throw e;
      }
      system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
    }
  }

  private static void awaitPort(int port, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(HOST, port), 1000);
        return;
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("Bolt did not accept connections on " + HOST + ":" + port, e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static String neo4jVersion() {
    String v = DatabaseManagementService.class.getPackage().getImplementationVersion();
    return v != null ? v : "(unknown version)";
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + t + ")";
  }
}
