package io.github.reactivespark.connect.localserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Repository;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.jspecify.annotations.Nullable;

/**
 * Where the server's jars come from: the user's Maven settings ({@code ~/.m2/settings.xml} and the global
 * {@code $MAVEN_HOME/conf/settings.xml}: local repository, offline flag, mirrors, proxies, server credentials,
 * repositories of active profiles), overridden by system properties of this JVM (see
 * {@link LocalSparkConnectServer}). Read at each resolution.
 *
 * <p>Limit: encrypted passwords in {@code settings.xml} ({@code {...}}, Maven's settings-security) are passed on
 * as written, not decrypted.
 */
record ResolverSettings(
    Path localRepository,
    boolean offline,
    List<RemoteRepository> repositories,
    MirrorSelector mirrors,
    ProxySelector proxies,
    AuthenticationSelector authentication,
    Path cacheDir,
    String source) {

  static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

  static ResolverSettings fromSystemProperties() {
    Path userHome = Paths.get(System.getProperty("user.home"));
    Path userSettings = Paths.get(property("settings", userHome.resolve(".m2").resolve("settings.xml").toString()));
    Path globalSettings = globalSettings();
    Settings settings = read(userSettings, globalSettings);

    String repoProperty = property("localRepository", "");
    Path localRepository = !repoProperty.isBlank() ? Paths.get(repoProperty)
        : settings.getLocalRepository() != null && !settings.getLocalRepository().isBlank()
            ? Paths.get(settings.getLocalRepository())
            : userHome.resolve(".m2").resolve("repository");
    String offlineProperty = property("offline", "");
    boolean offline = offlineProperty.isBlank() ? settings.isOffline() : Boolean.parseBoolean(offlineProperty);

    List<RemoteRepository> repositories = repositories(settings);
    DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
    for (Mirror m : settings.getMirrors()) {
      mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(),
          m.getMirrorOfLayouts());
    }
    DefaultProxySelector proxies = new DefaultProxySelector();
    for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
      if (p.isActive()) {
        Authentication auth = p.getUsername() == null ? null
            : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
        proxies.add(new Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth), p.getNonProxyHosts());
      }
    }
    DefaultAuthenticationSelector authentication = new DefaultAuthenticationSelector();
    for (Server s : settings.getServers()) {
      if (s.getUsername() != null || s.getPrivateKey() != null) {
        AuthenticationBuilder b = new AuthenticationBuilder();
        if (s.getUsername() != null) {
          b.addUsername(s.getUsername()).addPassword(s.getPassword());
        }
        if (s.getPrivateKey() != null) {
          b.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
        }
        authentication.add(s.getId(), b.build());
      }
    }
    Path cacheDir = Paths.get(property("cacheDir",
        userHome.resolve(".cache").resolve("reactive-spark-connect").resolve("server-classpath").toString()));
    String source = (Files.isRegularFile(userSettings) ? userSettings : "no " + userSettings)
        + (globalSettings != null && Files.isRegularFile(globalSettings) ? ", " + globalSettings : "");
    return new ResolverSettings(localRepository.toAbsolutePath().normalize(), offline, List.copyOf(repositories),
        mirrors, proxies, authentication, cacheDir.toAbsolutePath().normalize(), source);
  }

  private static String property(String name, String defaultValue) {
    return System.getProperty(LaunchSettings.PREFIX + name, defaultValue);
  }

  private static @Nullable Path globalSettings() {
    for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME"),
        System.getenv("M2_HOME")}) {
      if (home != null && !home.isBlank()) {
        return Paths.get(home, "conf", "settings.xml");
      }
    }
    return null;
  }

  private static Settings read(Path user, @Nullable Path global) {
    DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
    if (Files.isRegularFile(user)) {
      request.setUserSettingsFile(user.toFile());
    }
    if (global != null && Files.isRegularFile(global)) {
      request.setGlobalSettingsFile(global.toFile());
    }
    Properties system = new Properties();
    system.putAll(System.getProperties());
    System.getenv().forEach((k, v) -> system.setProperty("env." + k, v));
    request.setSystemProperties(system);
    try {
      return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
    } catch (SettingsBuildingException e) {
      throw new IllegalStateException("Cannot read the Maven settings (" + user
          + (global != null ? ", " + global : "") + "): " + e.getMessage(), e);
    }
  }

  /**
   * The {@code repositories} system property (comma-separated {@code [id=]url}, empty for none), otherwise Maven
   * Central followed by the repositories of the active profiles of the settings.
   */
  private static List<RemoteRepository> repositories(Settings settings) {
    String property = System.getProperty(LaunchSettings.PREFIX + "repositories");
    List<RemoteRepository> result = new ArrayList<>();
    if (property != null) {
      int n = 0;
      for (String entry : property.split(",")) {
        String e = entry.trim();
        if (e.isEmpty()) {
          continue;
        }
        int eq = e.indexOf('=');
        boolean named = eq > 0 && !e.substring(0, eq).contains(":");
        String id = named ? e.substring(0, eq) : e.equals(CENTRAL_URL) ? "central" : "repo" + (++n);
        result.add(new RemoteRepository.Builder(id, "default", named ? e.substring(eq + 1) : e).build());
      }
      return result;
    }
    Map<String, RemoteRepository> byId = new LinkedHashMap<>();
    byId.put("central", new RemoteRepository.Builder("central", "default", CENTRAL_URL).build());
    for (Profile profile : settings.getProfiles()) {
      boolean active = settings.getActiveProfiles().contains(profile.getId())
          || (profile.getActivation() != null && profile.getActivation().isActiveByDefault());
      if (active) {
        for (Repository r : profile.getRepositories()) {
          String layout = r.getLayout() == null ? "default" : r.getLayout().toLowerCase(Locale.ROOT);
          byId.put(r.getId(), new RemoteRepository.Builder(r.getId(), layout, r.getUrl()).build());
        }
      }
    }
    return new ArrayList<>(byId.values());
  }
}
