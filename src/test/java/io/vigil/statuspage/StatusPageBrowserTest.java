package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.statuspage.html.AccentColor;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static io.vigil.statuspage.PublicPageFixture.awaitBody;
import static io.vigil.statuspage.PublicPageFixture.component;
import static io.vigil.statuspage.StatusPageFixture.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real headless Chromium loads the status page: it must render without console errors, show the bars and the
 * chart, and rewrite times into the viewer's zone. Needs {@code chromium} and {@code chromium-driver} (Debian
 * packages); without them the test fails and says so, it never skips.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageBrowserTest {

    static final String CHROMIUM = System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Inject
    Pool pool;
    StatusPageFixture fixture;
    ChromeDriver driver;

    @BeforeEach
    void setUp() {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is missing: this test needs a real Chromium. Install it with "
                        + "'apt-get update && apt-get install -y chromium chromium-driver' (or set VIGIL_CHROMIUM / VIGIL_CHROMEDRIVER)");
            }
        }
        fixture = new StatusPageFixture(pool);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1280,1600");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // a zone far from UTC, so the rewrite of times into the viewer's zone is visible
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .withEnvironment(Map.of("TZ", "Asia/Tokyo")).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void chromiumRendersThePageWithBarsAndChart() throws IOException {
        String api = fixture.check("API");
        String web = fixture.check("Website");
        String db = fixture.check("Database");
        fixture.seedHistory(api);
        fixture.seedHistory(db);
        String slug = fixture.page(slug(), "Acme status", List.of(component("Website", web, null),
                component("API", api, "Backend"), component("Database", db, "Backend")));
        fixture.incident(api, "Elevated error rates on checkout", "We are looking into elevated error rates.", false);
        awaitBody("/status/" + slug, "checks judged", html -> !html.contains("No data</span>") && html.contains("Elevated error rates"));

        driver.get("http://localhost:" + RestAssured.port + "/status/" + slug);

        assertThat(driver.getTitle()).isEqualTo("Acme status");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Acme status");
        // the accent colour comes from the page's theme stylesheet (no inline style): the header's rule and the links
        String accent = rgb(AccentColor.of(StatusPageFixture.ACCENT).light());
        assertThat(css(".top", "border-top-color")).isEqualTo(accent);
        assertThat(css("footer a", "color")).isEqualTo(accent);
        assertThat(css(".banner", "border-radius")).isEqualTo("10px");
        assertThat(css("svg.hidden-icons", "position")).isEqualTo("absolute");
        noCspViolation("status page");
        List<WebElement> components = driver.findElements(By.cssSelector(".comp"));
        assertThat(components).hasSize(3);
        for (WebElement comp : components) {
            WebElement bars = comp.findElement(By.cssSelector(".bars"));
            assertThat(bars.isDisplayed()).isTrue();
            List<WebElement> days = bars.findElements(By.tagName("i"));
            assertThat(days).hasSize(90);
            assertThat(days.get(89).getSize().getWidth()).isPositive();
            assertThat(days.get(89).getSize().getHeight()).isGreaterThanOrEqualTo(20);
        }
        WebElement chart = driver.findElement(By.cssSelector(".comp svg.rt"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(chart.getAttribute("aria-label")).contains("min", "average", "max");
        assertThat(chart.findElement(By.cssSelector("path.line")).getAttribute("d")).startsWith("M");
        // Website has no history, only the hour it has been probed: its point is a dot one can see, not a speck
        WebElement fresh = components.get(0).findElement(By.cssSelector("svg.rt"));
        assertThat(fresh.getAttribute("aria-label")).contains("of data so far)");
        assertThat(accentPixels(fresh)).as("visible pixels of the lone point").isGreaterThanOrEqualTo(30);
        // times were rewritten into the viewer's zone (Tokyo), the server's UTC text kept as a tooltip
        WebElement time = driver.findElement(By.cssSelector("time[data-local]"));
        assertThat(time.getText()).doesNotContain("UTC").containsAnyOf("GMT+9", "JST");
        assertThat(time.getAttribute("title")).endsWith("UTC");
        screenshot("status-page.png");

        // phone width: nothing overflows sideways, the bars shrink
        driver.manage().window().setSize(new Dimension(390, 1400));
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        assertThat(driver.findElement(By.cssSelector(".bars")).getSize().getWidth()).isLessThan(390);
        screenshot("status-page-phone.png");

        // the footer's subscribe link, a webhook subscription through the real form: its secret is shown once
        driver.findElement(By.cssSelector("footer a[href$='/subscribe']")).click();
        assertThat(driver.getTitle()).isEqualTo("Subscribe to updates · Acme status");
        assertThat(css("main section.card", "margin-top")).isEqualTo("8px");
        assertThat(css("main h2", "margin-top")).isEqualTo("0px");
        assertThat(css("form.login + p + form.login", "margin-top")).isEqualTo("20px");
        assertThat(css("form.login button", "background-color")).isEqualTo(accent);
        noCspViolation("subscribe page");
        driver.findElement(By.id("webhookUrl")).sendKeys(fixture.receiver.url("/status-hook"));
        driver.findElement(By.id("webhookUrl")).submit();
        assertThat(driver.findElement(By.tagName("h2")).getText()).isEqualTo("Webhook subscribed");
        assertThat(driver.findElement(By.id("secret")).getAttribute("value")).startsWith("whsec_");
        assertThat(css("#secret", "font-family")).contains("monospace");
        noCspViolation("subscribed page");
        overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("subscribed-phone.png");

        // the incident's title leads to its own page (phone width still): the whole timeline and what it affects
        driver.get("http://localhost:" + RestAssured.port + "/status/" + slug);
        driver.findElement(By.cssSelector("article.incident h3 a")).click();
        assertThat(driver.getTitle()).isEqualTo("Elevated error rates on checkout · Acme status");
        assertThat(driver.findElement(By.cssSelector(".affects")).getText()).isEqualTo("This incident affected: API");
        assertThat(driver.findElements(By.cssSelector(".timeline li strong")).stream().map(WebElement::getText).toList())
                .containsExactly("Investigating", "Started");
        overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("incident-page-phone.png");
        assertThat(css(".top", "border-top-color")).isEqualTo(accent);
        noCspViolation("incident page");

        driver.get("http://localhost:" + RestAssured.port + "/status/" + slug + "/history");
        noCspViolation("history page");

        List<LogEntry> severe = console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();

        // the policy is really in force, and a violation would be seen: an inline style added now is refused and logged
        ((JavascriptExecutor) driver).executeScript(
                "var s=document.createElement('style');s.textContent='body{background:rgb(1, 2, 3)}';document.head.appendChild(s);");
        assertThat(css("body", "background-color")).isNotEqualTo("rgb(1, 2, 3)");
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).as("the refused inline style")
                .anyMatch(e -> e.getMessage().contains("Content Security Policy"));
    }

    /** Every console entry seen so far (reading the browser log empties it). */
    private final List<LogEntry> console = new java.util.ArrayList<>();

    private void noCspViolation(String page) {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        console.addAll(entries);
        assertThat(entries).as("CSP violations on the " + page)
                .noneMatch(e -> e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused to"));
    }

    private String css(String selector, String property) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", selector, property);
    }

    /** {@code #rrggbb} as the browser reports a computed colour. */
    private static String rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (v >> 16 & 0xff) + ", " + (v >> 8 & 0xff) + ", " + (v & 0xff) + ")";
    }

    /** Pixels of the chart drawn in a strong colour (the line and its markers; not the faint fill, grid or labels). */
    private static int accentPixels(WebElement chart) throws IOException {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(chart.getScreenshotAs(OutputType.BYTES)));
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    count++;
                }
            }
        }
        return count;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
