package io.cmsai.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own ChromeDriver (both paths explicit, so Selenium
 * Manager never runs). Keeps every page source it reads, for checks that a secret never reached a
 * page, and saves screenshots under {@code target/screenshots}. Not thread-safe.
 */
public final class Browser implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path screenshots;
  private final Path profile;
  private final List<String> sources = new ArrayList<>();

  public Browser(TestServices.Chromium chromium, Path screenshots) throws IOException {
    this.screenshots = Files.createDirectories(screenshots);
    this.profile = Files.createTempDirectory("cms-ai-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.browser().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1280,1100",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromium.driver().toFile())
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
  }

  /** Opens {@code url}. */
  public void open(String url) {
    driver.get(url);
  }

  /** The current URL. */
  public String url() {
    return driver.getCurrentUrl();
  }

  /** The element with this id, once it is present. */
  public WebElement byId(String id) {
    return until(d -> d.findElement(By.id(id)));
  }

  /** Elements matching a CSS selector (now, without waiting). */
  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Replaces the text of an input. */
  public void type(String id, String text) {
    act(
        id,
        input -> {
          input.clear();
          input.sendKeys(text);
        });
  }

  /** Selects the option with this value. */
  public void select(String id, String value) {
    act(id, element -> new Select(element).selectByValue(value));
  }

  /** Clicks the element with this id. */
  public void click(String id) {
    act(id, WebElement::click);
  }

  /** Submits the form that holds the element with this id. */
  public void submit(String id) {
    act(id, WebElement::submit);
  }

  /**
   * Finds the element and acts on it, finding it again when the page replaced it in between (a
   * re-render or a navigation makes the old reference stale).
   */
  private void act(String id, java.util.function.Consumer<WebElement> action) {
    until(
        d -> {
          action.accept(d.findElement(By.id(id)));
          return Boolean.TRUE;
        });
  }

  /** Waits until the element's text contains {@code text}; returns its text. */
  public String waitForText(String id, String text) {
    until(d -> d.findElement(By.id(id)).getText().contains(text) ? Boolean.TRUE : null);
    return byId(id).getText();
  }

  /** Waits until the element's text is not empty; returns it. */
  public String waitForAnyText(String id) {
    return until(
        d -> {
          String text = d.findElement(By.id(id)).getText();
          return text.isBlank() ? null : text;
        });
  }

  /** Waits for a condition (up to 30 s) and returns its value. */
  public <T> T until(ExpectedCondition<T> condition) {
    return until(WAIT, condition);
  }

  /** Waits for a condition (up to {@code timeout}) and returns its value. */
  public <T> T until(Duration timeout, ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, timeout)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /** Accepts the open confirmation dialog. */
  public void acceptDialog() {
    until(d -> d.switchTo().alert()).accept();
  }

  /** Dismisses the open confirmation dialog and returns its text. */
  public String dismissDialog() {
    org.openqa.selenium.Alert alert = until(d -> d.switchTo().alert());
    String text = alert.getText();
    alert.dismiss();
    return text;
  }

  /** The page source now; also kept for {@link #sources()}. */
  public String source() {
    String source = driver.getPageSource();
    sources.add(source);
    return source;
  }

  /** Every page source read so far. */
  public List<String> sources() {
    return List.copyOf(sources);
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png} and keeps the page source. */
  public Path screenshot(String name) {
    source();
    Path file = screenshots.resolve(name + ".png");
    try {
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          file,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
