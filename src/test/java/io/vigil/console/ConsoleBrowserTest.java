package io.vigil.console;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.FixedPublicUrl;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The console in a real headless Chromium against the real app: sign in with the form, the overview and a check's page
 * updating live (server-sent events through htmx, no reload) as the real scheduler probes a real local HTTP server,
 * bulk pause with checkboxes, and no Content-Security-Policy violation on the way. Screenshots of each page at desktop
 * and phone width land in {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FixedPublicUrl.class)
class ConsoleBrowserTest {

    static final String CHROMIUM = System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final String BASE = "http://localhost:" + FixedPublicUrl.PORT;
    static final Path SHOTS = Path.of("target", "screenshots");

    @Inject
    Pool pool;
    ChromeDriver driver;
    WebDriverWait wait;
    HttpServer target;

    @BeforeEach
    void setUp() throws IOException {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is missing: this test needs a real Chromium (apt-get install -y chromium chromium-driver)");
            }
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1280,1000");
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(), options);
        // live swaps replace elements while the test reads them: a stale read is retried, not a failure
        wait = (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.quit();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void theOverviewAndACheckUpdateLiveAndBulkPauseWorks() throws IOException {
        Person p = People.user(pool);
        People.join(pool, p, "default", "viewer");
        String slug = People.slug("live");
        People.workspace(People.token(p.email(), People.PASSWORD, "default"), slug);
        String token = People.token(p.email(), People.PASSWORD, slug);
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
        String live = create(token, "Live shop", url, false);
        String other = create(token, "Other shop", url, true);
        String third = create(token, "Third shop", url, true);

        driver.get(BASE + "/login?next=/console");
        driver.findElement(By.id("email")).sendKeys(p.email());
        driver.findElement(By.id("password")).sendKeys(People.PASSWORD);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(BASE + "/console"));
        // look at the new workspace
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("ws-switch"))).selectByVisibleText("Workspace " + slug);
        driver.findElement(By.cssSelector("form.switch button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-" + live)));
        marker();
        // the running check turns up without a reload
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#state-" + live + " .state"), "up"));
        assertThat(markerKept()).as("updated live, not by reloading").isTrue();
        shots("overview");

        // bulk: pause two
        driver.findElement(By.id("sel-" + live)).click();
        driver.findElement(By.id("sel-" + other)).click();
        driver.findElement(By.cssSelector(".bulk button[value=pause]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Paused 2 checks."));
        Api.as(token).get("/api/v1/checks/" + live).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("paused"));
        Api.as(token).get("/api/v1/checks/" + other).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("paused"));

        // a check's page: after resuming, new results arrive live
        driver.get(BASE + "/console/checks/" + third);
        driver.findElement(By.id("resume")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pause")));
        String before = newest();
        marker();
        try {
            wait.until(d -> !newest().equals(before));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no live result; the API has " + Api.as(token).get("/api/v1/checks/" + third + "/results").asString()
                    + "; the page: " + driver.findElement(By.id("results")).getAttribute("outerHTML")
                    + "; browser log: " + driver.manage().logs().get(LogType.BROWSER).getAll(), e);
        }
        assertThat(markerKept()).as("updated live, not by reloading").isTrue();
        String newestRow = wait.until(d -> d.findElement(By.cssSelector("#results tbody tr")).getText());
        assertThat(newestRow).contains("up").contains("200");
        shots("check");

        driver.get(BASE + "/console/checks/paste");
        shots("paste");
        driver.get(BASE + "/console/incidents");
        driver.findElement(By.id("title")).sendKeys("Checkout slow");
        driver.findElement(By.id("message")).sendKeys("Looking into it");
        driver.findElement(By.cssSelector("form[action='/console/incidents'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("h-incident")));
        shots("incident");
        driver.get(BASE + "/console/incidents");
        shots("incidents");
        driver.get(BASE + "/console/checks/" + java.util.UUID.randomUUID());
        shots("not-found");

        List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused")).toList();
        assertThat(violations).as("no CSP violations").isEmpty();
    }

    private static String create(String token, String name, String url, boolean paused) {
        String id = Api.as(token).body(Map.of("name", name, "type", "http", "url", url, "intervalSeconds", 1))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        if (paused) {
            Api.as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        }
        return id;
    }

    /** The slot of the newest result shown on a check's page, or "none". */
    private String newest() {
        List<org.openqa.selenium.WebElement> times = driver.findElements(By.cssSelector("#results tbody tr:first-child time"));
        return times.isEmpty() ? "none" : times.get(0).getAttribute("datetime");
    }

    private void marker() {
        ((JavascriptExecutor) driver).executeScript("window.vigilMarker = 42;");
    }

    private boolean markerKept() {
        return Long.valueOf(42).equals(((JavascriptExecutor) driver).executeScript("return window.vigilMarker;"));
    }

    /** The page at desktop and at phone width (390 px), each checked by axe-core (no violations of any impact). */
    private void shots(String name) throws IOException {
        Results axe = new AxeBuilder().analyze(driver);
        assertThat(axe.getViolations()).as(() -> name + ": " + axe.getViolations().stream()
                .map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getNodes().stream().map(n -> n.getTarget().toString()).toList())
                .toList()).isEmpty();
        for (int width : new int[]{1280, 390}) {
            driver.manage().window().setSize(new Dimension(width, 1000));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SHOTS.resolve("console-" + name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }
}
