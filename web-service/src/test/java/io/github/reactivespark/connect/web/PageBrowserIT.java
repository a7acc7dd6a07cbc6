package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium): a
 * query typed into the box streams over SSE, the progress bar moves, the rows arrive in the table and the chart
 * draws one bar per row. Leaves a screenshot in {@code target/page.png}.
 */
class PageBrowserIT extends ServiceTestBase {

  private static final String QUERY = "SELECT hour(date) AS hour, round(avg(delay), 2) AS avg_delay,"
      + " count(DISTINCT origin, destination) AS routes FROM flights GROUP BY hour(date) ORDER BY hour";

  @Test
  void queryStreamsIntoTheTableWithProgressAndAChart() throws Exception {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
        .usingAnyFreePort().build();
    Path profile = Files.createTempDirectory("web-service-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"))
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + profile);
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.manage().window().setSize(new Dimension(1280, 900));
      driver.get("http://localhost:" + port + "/");
      WebElement box = driver.findElement(By.id("sql"));
      box.clear();
      box.sendKeys(QUERY);
      driver.findElement(By.id("run")).click();
      new WebDriverWait(driver, Duration.ofMinutes(2))
          .until(d -> !d.findElement(By.id("summary")).getText().isEmpty()
              || !d.findElement(By.id("error")).getText().isEmpty());
      assertThat(driver.findElement(By.id("error")).getText()).isEmpty();
      assertThat(driver.findElement(By.id("summary")).getText()).startsWith("24 rows in ");

      WebElement bar = driver.findElement(By.id("bar"));
      assertThat(Integer.parseInt(bar.getDomAttribute("data-events"))).isPositive();
      double max = Double.parseDouble(bar.getDomProperty("max"));
      assertThat(max).isGreaterThan(1);
      assertThat(Double.parseDouble(bar.getDomProperty("value"))).isEqualTo(max);

      List<WebElement> rows = driver.findElements(By.cssSelector("#rows tbody tr"));
      assertThat(rows).hasSize(24);
      assertThat(driver.findElements(By.cssSelector("#rows thead th"))).extracting(WebElement::getText)
          .containsExactly("hour", "avg_delay", "routes");
      assertThat(rows.get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo("0");

      List<WebElement> bars = driver.findElements(By.cssSelector("#chart rect.bar"));
      assertThat(bars).hasSize(24);
      assertThat(bars).allSatisfy(b -> assertThat(Double.parseDouble(b.getDomAttribute("height"))).isNotNegative());
      assertThat(bars.stream().mapToDouble(b -> Double.parseDouble(b.getDomAttribute("height"))).max()
          .orElseThrow()).isGreaterThan(100);

      File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), Path.of("target", "page.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
      service.stop();
    }
  }
}
