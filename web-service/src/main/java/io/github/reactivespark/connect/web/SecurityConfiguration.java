package io.github.reactivespark.connect.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Spring Security for the API: the endpoints that change data ({@code /parquet/modify}, {@code /parquet/merge},
 * {@code /delta/update}, {@code /delta/delete}, {@code /delta/merge}) need {@code Authorization: Bearer <token>}
 * with the token of {@code reactive-spark.web.token} (compared in constant time; with no token configured they
 * refuse every request); everything else is open. A missing or wrong token is a 401 with
 * {@code WWW-Authenticate: Bearer}. Stateless: no session, no CSRF token (no cookie authenticates anything).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  /** The paths that change data. */
  static final String[] MODIFYING = {"/api/spark/parquet/modify", "/api/spark/parquet/merge",
      "/api/spark/delta/update", "/api/spark/delta/delete", "/api/spark/delta/merge"};

  private static final String BEARER = "Bearer ";

  /** Created by Spring. */
  public SecurityConfiguration() {}

  /**
   * The filter chain.
   *
   * @param http Spring Security's builder
   * @param properties the token
   * @return the chain
   */
  @Bean
  public SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, WebServiceProperties properties) {
    HttpStatusServerEntryPoint entryPoint = new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED) {
      @Override
      public Mono<Void> commence(org.springframework.web.server.ServerWebExchange exchange,
          org.springframework.security.core.AuthenticationException ex) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return super.commence(exchange, ex);
      }
    };
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(manager(properties.getToken()));
    bearer.setServerAuthenticationConverter(exchange -> {
      String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return Mono.empty();
      }
      String token = header.substring(BEARER.length()).trim();
      return Mono.just(new UsernamePasswordAuthenticationToken("api", token));
    });
    bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
        .authorizeExchange(a -> a
            .pathMatchers(HttpMethod.POST, MODIFYING).hasAuthority("spark:write")
            .anyExchange().permitAll())
        .build();
  }

  private static ReactiveAuthenticationManager manager(String configured) {
    byte[] expected = configured == null || configured.isBlank() ? null
        : configured.getBytes(StandardCharsets.UTF_8);
    return authentication -> {
      byte[] given = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
      if (expected == null || !MessageDigest.isEqual(expected, given)) {
        return Mono.error(new BadCredentialsException("Invalid bearer token"));
      }
      return Mono.just(new UsernamePasswordAuthenticationToken("api", null,
          List.of(new SimpleGrantedAuthority("spark:write"))));
    };
  }
}
