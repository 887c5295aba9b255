package org.practicegraph.launcher;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs an embedded Neo4j Community DBMS with the Bolt connector enabled, for local
 * development and tests. Started and stopped by scripts/neo4j-local.sh.
 *
 * <pre>
 *   NEO4J_PASSWORD=... java -cp 'target/neo4j-launcher.jar:target/lib/*' \
 *       org.practicegraph.launcher.Main --home DIR [--listen HOST:PORT] [--pagecache SIZE] [--cypher 5|25]
 * </pre>
 *
 * One source builds against the pinned 5.26 LTS and against 2025.x/2026.x releases (see pom.xml):
 * settings whose type changed between them are given a value of the type the running release
 * declares, and settings that only newer releases have are looked up by name.
 *
 * stdout carries exactly two lines over the life of the process: {@code READY bolt://HOST:PORT}
 * once the "neo4j" database is available, and {@code STOPPED} after a clean shutdown. Everything
 * else (Neo4j warnings and errors, our own diagnostics) goes to stderr. The password is read from
 * NEO4J_PASSWORD and is never printed.
 *
 * Exit codes: 0 clean stop, 1 failure, 2 listen address already in use, 64 bad usage.
 */
public final class Main {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_PORT_IN_USE = 2;
    static final int EXIT_USAGE = 64;

    static final String DEFAULT_LISTEN = "127.0.0.1:7687";
    static final String DEFAULT_PAGECACHE = "256m";
    static final String DATABASE = "neo4j";
    static final String ADMIN_USER = "neo4j";
    static final int MIN_PASSWORD_LENGTH = 8;
    static final Duration START_TIMEOUT = Duration.ofSeconds(170);
    /** The setting of 2025.06+ releases that picks the Cypher version of newly created databases. */
    static final String DEFAULT_LANGUAGE_SETTING = "db.query.default_language";

    private static final String PREFIX = "neo4j-launcher: ";

    /** The real stdout; System.out is pointed at stderr so nothing else can write to it. */
    private static PrintStream stdout;

    private static final Object lifecycleLock = new Object();
    private static DatabaseManagementService dbms; // guarded by lifecycleLock
    private static boolean shuttingDown; // guarded by lifecycleLock

    private Main() {}

    public static void main(String[] args) {
        stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try {
            System.exit(run(args));
        } catch (Throwable t) {
            System.err.println(PREFIX + "failed: " + describe(t));
            t.printStackTrace(System.err);
            System.exit(EXIT_FAILURE);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Options {
        Path home;
        String host;
        int port;
        long pagecacheBytes;
        /** The default Cypher version of the "neo4j" database ("5" or "25"), or null for the release's own. */
        String cypher;
    }

    static Options parse(String[] args) throws UsageException {
        String home = null;
        String listen = DEFAULT_LISTEN;
        String pagecache = DEFAULT_PAGECACHE;
        String cypher = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> throw new UsageException(null);
                case "--home", "--listen", "--pagecache", "--cypher" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--home" -> home = value;
                        case "--listen" -> listen = value;
                        case "--cypher" -> cypher = value;
                        default -> pagecache = value;
                    }
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        if (home == null || home.isBlank()) {
            throw new UsageException("--home DIR is required");
        }
        Options o = new Options();
        o.home = Path.of(home).toAbsolutePath().normalize();

        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new UsageException("--listen must be HOST:PORT, got: " + listen);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen port is not a number: " + listen);
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--listen port out of range: " + listen);
        }
        o.host = host;
        o.port = port;

        try {
            o.pagecacheBytes = ByteUnit.parse(pagecache);
        } catch (RuntimeException e) {
            throw new UsageException("--pagecache must be a size such as 256m or 1g, got: " + pagecache);
        }
        if (o.pagecacheBytes < ByteUnit.mebiBytes(8)) {
            throw new UsageException("--pagecache must be at least 8m, got: " + pagecache);
        }
        if (cypher != null && !cypher.equals("5") && !cypher.equals("25")) {
            throw new UsageException("--cypher must be 5 or 25, got: " + cypher);
        }
        o.cypher = cypher;
        return o;
    }

    static int run(String[] args) throws Exception {
        Options opts;
        try {
            opts = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(PREFIX + e.getMessage());
            }
            System.err.println("usage: NEO4J_PASSWORD=... java -cp 'neo4j-launcher.jar:lib/*' "
                    + "org.practicegraph.launcher.Main --home DIR [--listen HOST:PORT (default "
                    + DEFAULT_LISTEN + ")] [--pagecache SIZE (default " + DEFAULT_PAGECACHE + ")] [--cypher 5|25]");
            return e.getMessage() == null ? 0 : EXIT_USAGE;
        }

        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println(PREFIX + "NEO4J_PASSWORD must be set (at least " + MIN_PASSWORD_LENGTH + " characters)");
            return EXIT_USAGE;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            System.err.println(PREFIX + "NEO4J_PASSWORD is too short; it needs at least " + MIN_PASSWORD_LENGTH + " characters");
            return EXIT_USAGE;
        }

        String hostPort = SocketAddress.format(opts.host, opts.port);
        if (!portIsFree(opts.host, opts.port)) {
            printPortInUse(hostPort);
            return EXIT_PORT_IN_USE;
        }

        Files.createDirectories(opts.home);
        Path logs = opts.home.resolve("logs");
        Files.createDirectories(logs);

        Runtime.getRuntime().addShutdownHook(new Thread(Main::shutdown, "neo4j-launcher-shutdown"));

        DatabaseManagementService service;
        try {
            service = build(opts, logs);
        } catch (UsageException e) {
            System.err.println(PREFIX + e.getMessage());
            return EXIT_USAGE;
        } catch (Throwable t) {
            if (causedByBind(t)) {
                printPortInUse(hostPort);
                return EXIT_PORT_IN_USE;
            }
            throw t;
        }
        synchronized (lifecycleLock) {
            if (shuttingDown) {
                // A signal arrived while the DBMS was starting; the hook is waiting for us.
                service.shutdown();
                return 0;
            }
            dbms = service;
        }

        GraphDatabaseService db = service.database(DATABASE);
        if (!db.isAvailable(START_TIMEOUT.toMillis())) {
            System.err.println(PREFIX + "database '" + DATABASE + "' did not become available within "
                    + START_TIMEOUT.toSeconds() + "s; see " + logs.resolve("debug.log"));
            return EXIT_FAILURE;
        }

        setAdminPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        password = null;
        if (opts.cypher != null) {
            setDefaultLanguage(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), opts.cypher);
        }

        if (!boltAnswers(opts.host, opts.port)) {
            System.err.println(PREFIX + "the Bolt connector is not accepting connections on " + hostPort
                    + "; see " + logs.resolve("debug.log"));
            return EXIT_FAILURE;
        }

        stdout.println("READY bolt://" + hostPort);
        stdout.flush();

        // Block until the JVM is asked to stop; the shutdown hook does the cleanup.
        new CountDownLatch(1).await();
        return 0;
    }

    private static DatabaseManagementService build(Options opts, Path logs) throws UsageException {
        Map<org.neo4j.graphdb.config.Setting<?>, Object> config = new java.util.HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress(opts.host, opts.port));
        config.put(BoltConnector.advertised_address, new SocketAddress(opts.host, opts.port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(BoltConnector.server_bolt_telemetry_enabled, false);
        // Netty's graceful shutdown defaults (5 s quiet period, 15 s timeout, 5 min for open
        // connections) make every stop take 5-15 s; a dev/test server can stop faster.
        // An int of seconds up to 5.26, a Duration since 2025.x.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period,
                sameTypeAs(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, Duration.ZERO, 0));
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
        config.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(10));
        config.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(10));
        config.put(HttpConnector.enabled, false);
        config.put(HttpsConnector.enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, true);
        config.put(GraphDatabaseSettings.pagecache_memory, opts.pagecacheBytes);
        config.put(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5));
        config.put(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofMinutes(1));
        config.put(GraphDatabaseSettings.logs_directory, logs);
        config.put(GraphDatabaseSettings.log_queries_parameter_logging_enabled, false);
        // Bounded transaction log retention: this is a dev/test store, not a backup source.
        config.put(GraphDatabaseSettings.keep_logical_logs, "2 files");
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64));
        // Preallocation only costs disk here, and some filesystems refuse it with a warning per file.
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        if (opts.cypher != null) {
            // Only databases created from now on; setDefaultLanguage sees to an existing "neo4j".
            Setting<?> language = settingNamed(GraphDatabaseSettings.class, DEFAULT_LANGUAGE_SETTING);
            if (language == null) {
                throw new UsageException("this Neo4j release has no " + DEFAULT_LANGUAGE_SETTING
                        + " setting: choosing the Cypher version needs Neo4j 2025.06 or later");
            }
            config.put(language, ((SettingImpl<?>) language).parse("CYPHER_" + opts.cypher));
        }

        return new DatabaseManagementServiceBuilder(opts.home)
                .setConfig(config)
                // Neo4j's user log: warnings and errors on stderr; the full debug log is in logs/debug.log.
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.WARN))
                .build();
    }

    /** The value among the candidates whose type is that of the setting's default value (the first if none is). */
    static Object sameTypeAs(Setting<?> setting, Object... candidates) {
        Object current = setting.defaultValue();
        for (Object c : candidates) {
            if (current != null && current.getClass().isInstance(c)) {
                return c;
            }
        }
        return candidates[0];
    }

    /** The setting declared in the holder class under that name, or null when this release has none. */
    static Setting<?> settingNamed(Class<?> holder, String name) {
        for (Field f : holder.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
                try {
                    Setting<?> s = (Setting<?>) f.get(null);
                    if (s != null && name.equals(s.name())) {
                        return s;
                    }
                } catch (IllegalAccessException e) {
                    // Public static fields are readable; nothing else can be our setting.
                }
            }
        }
        return null;
    }

    /**
     * Makes the given Cypher version the default of the "neo4j" database. The setting alone only
     * reaches databases created after it, so a home created earlier is altered here.
     */
    private static void setDefaultLanguage(GraphDatabaseService system, String version) {
        String want = "CYPHER " + version;
        String have = system.executeTransactionally(
                "SHOW DATABASE $name YIELD defaultLanguage", Map.of("name", DATABASE),
                r -> r.hasNext() ? String.valueOf(r.next().get("defaultLanguage")) : null);
        if (want.equals(have)) {
            return;
        }
        // Administration commands take no parameters for the language; version is "5" or "25".
        system.executeTransactionally("ALTER DATABASE " + DATABASE + " SET DEFAULT LANGUAGE CYPHER " + version);
    }

    /**
     * Sets the password of the built-in admin user, idempotently. Community supports ALTER USER on the
     * system database; it refuses to "change" a password to the value it already has, which is fine here.
     */
    private static void setAdminPassword(GraphDatabaseService system, String password) {
        Map<String, Object> params = Map.of("password", password);
        system.executeTransactionally(
                "CREATE USER " + ADMIN_USER + " IF NOT EXISTS SET PASSWORD $password CHANGE NOT REQUIRED", params);
        try {
            system.executeTransactionally(
                    "ALTER USER " + ADMIN_USER + " SET PASSWORD $password CHANGE NOT REQUIRED", params);
        } catch (RuntimeException e) {
            if (!isSamePasswordError(e)) {
                throw new IllegalStateException("could not set the password of user '" + ADMIN_USER + "': "
                        + describe(e), e);
            }
            // Same password as before: make sure no password change is pending either.
            system.executeTransactionally("ALTER USER " + ADMIN_USER + " SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static boolean isSamePasswordError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("Old password and new password cannot be the same")) {
                return true;
            }
        }
        return false;
    }

    private static void shutdown() {
        DatabaseManagementService service;
        synchronized (lifecycleLock) {
            shuttingDown = true;
            service = dbms;
            dbms = null;
        }
        if (service == null) {
            return;
        }
        try {
            service.shutdown();
            stdout.println("STOPPED");
            stdout.flush();
        } catch (Throwable t) {
            System.err.println(PREFIX + "error while shutting down: " + describe(t));
            t.printStackTrace(System.err);
        }
    }

    static boolean portIsFree(String host, int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            // Same as Netty: lets us bind over TIME_WAIT leftovers, but never over a live listener.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    private static boolean boltAnswers(String host, int port) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static void printPortInUse(String hostPort) {
        System.err.println(PREFIX + hostPort + " is already in use by another process; "
                + "stop it or choose another port (NEO4J_LOCAL_PORT)");
    }

    private static boolean causedByBind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("Address already in use") || m.contains("already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        if (root != t && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += " (cause: " + root.getMessage() + ")";
        }
        return msg;
    }
}
