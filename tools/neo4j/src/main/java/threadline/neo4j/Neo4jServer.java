package threadline.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A real Neo4j 5 Community DBMS (the embedded engine) serving Bolt on a loopback port, for
 * Threadline's tests and for users without Docker.
 *
 * <p>Usage: {@code java -cp ... threadline.neo4j.Neo4jServer [--listen 127.0.0.1:7687] [--home DIR]
 * [--data DIR] [--pagecache 256m]}. Authentication is on: the password of user {@code neo4j} is
 * read from the {@code NEO4J_PASSWORD} environment variable and set on the system database at
 * every start (no change required). Prints one line {@code Neo4j ready on bolt://HOST:PORT} when
 * Bolt accepts connections, and shuts the DBMS down cleanly on SIGTERM / Ctrl-C.
 */
public final class Neo4jServer {

    private static final String READY_PREFIX = "Neo4j ready on bolt://";
    private static final long READY_TIMEOUT_MS = 120_000;

    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseOptions(args);
        String listen = options.getOrDefault("listen", "127.0.0.1:7687");
        Path home = Path.of(options.getOrDefault("home", "run")).toAbsolutePath();
        Path data = Path.of(options.getOrDefault("data", home.resolve("data").toString())).toAbsolutePath();
        String pagecache = options.getOrDefault("pagecache", "256m");

        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            fail("NEO4J_PASSWORD is not set: export the password the neo4j user should have (8 characters or more).");
        }

        Map<String, String> config = new HashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", listen);
        config.put("server.bolt.advertised_address", listen);
        config.put("dbms.security.auth_enabled", "true");
        config.put("server.memory.pagecache.size", pagecache);
        config.put("server.directories.data", data.toString());
        config.put("server.directories.logs", home.resolve("logs").toString());
        config.put("db.tx_log.rotation.retention_policy", "2 files");
        // Bolt waits 5 s twice on shutdown by default; a local single-user server needs no grace period.
        config.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
        config.put("internal.server.bolt.connection_shutdown_wait_time", "1s");

        Path conf = writeConfig(home, config);
        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    System.out.println("Neo4j stopping");
                    dbms.shutdown();
                    System.out.println("Neo4j stopped");
                    System.out.flush();
                    stopped.countDown();
                }, "neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException error) {
            System.err.println("Could not set the neo4j password: " + error.getMessage());
            System.exit(2);
        }

        String[] hostPort = splitAddress(listen);
        waitForBolt(hostPort[0], Integer.parseInt(hostPort[1]));
        System.out.println(READY_PREFIX + hostPort[0] + ":" + hostPort[1]);
        System.out.flush();
        stopped.await();
    }

    /** Write the settings as HOME/neo4j.conf (rewritten at every start) so they can be read later. */
    private static Path writeConfig(Path home, Map<String, String> config) throws IOException {
        Files.createDirectories(home);
        StringBuilder text = new StringBuilder("# Written by threadline.neo4j.Neo4jServer at every start; edits are lost.\n");
        new TreeMap<>(config).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path conf = home.resolve("neo4j.conf");
        Files.writeString(conf, text.toString());
        return conf;
    }

    /** Give user neo4j the password from the environment; an unchanged password is fine. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system")
                    .executeTransactionally(
                            "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", password));
        } catch (RuntimeException error) {
            String message = String.valueOf(error.getMessage());
            if (!message.contains("cannot be the same")) {
                throw error;
            }
        }
    }

    /** Block until a TCP connection to the Bolt port succeeds. */
    private static void waitForBolt(String host, int port) throws InterruptedException {
        String probeHost = host.equals("0.0.0.0") || host.isEmpty() ? "127.0.0.1" : host;
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(probeHost, port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    fail("Bolt did not accept connections on " + probeHost + ":" + port + " in time.");
                }
                Thread.sleep(100);
            }
        }
    }

    private static String[] splitAddress(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            fail("--listen must be HOST:PORT, got " + listen);
        }
        String host = listen.substring(0, colon);
        return new String[] {host.isEmpty() ? "127.0.0.1" : host, listen.substring(colon + 1)};
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                fail("Usage: Neo4jServer [--listen HOST:PORT] [--home DIR] [--data DIR] [--pagecache SIZE]");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
