package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.FixedPublicUrl;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Passkeys in a real headless Chromium with a virtual CTAP2 authenticator (resident keys, user verification): sign in
 * with the password, add a passkey on /account, sign out, sign in with the passkey alone, use it as the second factor
 * after the password, remove it. Needs {@code chromium} and {@code chromium-driver}; without them it fails, never skips.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FixedPublicUrl.class)
class PasskeyBrowserTest {

    static final String CHROMIUM = System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final String BASE = "http://localhost:" + FixedPublicUrl.PORT;
    /** Keeps what the page posts to the passkey endpoints in sessionStorage, so the test can replay it. */
    static final String RECORD_POSTS = """
            var f = window.fetch; window.fetch = function (url, init) {
              if (init && init.body) { sessionStorage.setItem('posted:' + url, init.body); }
              return f.apply(this, arguments); };""";

    @Inject
    Pool pool;
    ChromeDriver driver;
    VirtualAuthenticator authenticator;
    WebDriverWait wait;

    @BeforeEach
    void setUp() {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is missing: this test needs a real Chromium. Install it with "
                        + "'apt-get update && apt-get install -y chromium chromium-driver' (or set VIGIL_CHROMIUM / VIGIL_CHROMEDRIVER)");
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1280,1600");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(), options);
        authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void registerAPasskeySignInWithItAloneAndAsSecondFactorThenRemoveIt() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        String token = People.token(p.email(), People.PASSWORD, "default");
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.passkeys", equalTo(0));

        signInWithPassword(p);
        wait.until(ExpectedConditions.urlToBe(BASE + "/account"));
        assertThat(driver.findElement(By.id("no-passkeys")).getText()).contains("no passkeys");
        FormBrowser elsewhere = new FormBrowser("203.0.113.20");
        elsewhere.login(p.email(), People.PASSWORD).then().statusCode(303);
        elsewhere.get("/account").then().statusCode(200);
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-name")));
        name.sendKeys("Work laptop");
        driver.findElement(By.id("passkey-register")).click();
        awaitUrl("notice=passkey-added");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("Passkey added");
        assertThat(driver.findElement(By.cssSelector("table.passkeys input[name=name]")).getAttribute("value")).isEqualTo("Work laptop");
        List<Credential> held = authenticator.getCredentials();
        assertThat(held).hasSize(1);
        assertThat(held.get(0).isResidentCredential()).isTrue();
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.passkeys", equalTo(1));
        elsewhere.get("/account").then().statusCode(303).header("Location", equalTo("/login?next=/account"));

        // rename it with the plain form
        WebElement rename = driver.findElement(By.cssSelector("table.passkeys input[name=name]"));
        rename.clear();
        rename.sendKeys("Desk key");
        driver.findElement(By.cssSelector("table.passkeys form[action$='/rename'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=passkey-renamed"));
        assertThat(driver.findElement(By.cssSelector("table.passkeys input[name=name]")).getAttribute("value")).isEqualTo("Desk key");

        // sign out, then the passkey alone: no e-mail, no password
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=signed-out"));
        ((JavascriptExecutor) driver).executeScript(RECORD_POSTS);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-signin"))).click();
        awaitUrl("/account");
        assertThat(driver.findElement(By.id("me-email")).getText()).isEqualTo(p.email());
        Row session = pool.preparedQuery("SELECT method, stage FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1")
                .execute(Tuple.of(p.id())).await().indefinitely().iterator().next();
        assertThat(session.getString(0)).isEqualTo("passkey");
        assertThat(session.getString(1)).isEqualTo("active");
        long counter = pool.preparedQuery("SELECT sign_count FROM passkeys WHERE user_id = $1").execute(Tuple.of(p.id()))
                .await().indefinitely().iterator().next().getLong(0);
        assertThat(counter).as("the authenticator's sign counter is stored").isPositive();
        assertThat(driver.findElement(By.cssSelector("table.passkeys tbody tr td:nth-child(3)")).getText()).isNotEqualTo("never");

        // the same answer again: its challenge served once
        String posted = (String) ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('posted:/login/passkey');");
        assertThat(posted).contains("\"credential\"");
        RestAssured.given().header("Origin", BASE).contentType(ContentType.JSON).body(posted).post("/login/passkey")
                .then().statusCode(400).body("errors[0].field", equalTo("credential"));
        assertThat(audited("login.succeeded", p, "passkey")).as("the passkey sign-in is in the audit log").isEqualTo(1);
        assertThat(pool.preparedQuery("""
                        SELECT count(*) FROM audit_events WHERE action = 'login.failed' AND changes -> 'via' ->> 1 = 'passkey'
                        AND changes -> 'reason' ->> 1 LIKE '%challenge%' AND at > now() - interval '1 minute'""")
                .execute().await().indefinitely().iterator().next().getLong(0)).as("the replay is audited").isPositive();

        // a counter that does not rise (a cloned authenticator) is refused
        sql("UPDATE passkeys SET sign_count = 1000000 WHERE user_id = $1", p);
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=signed-out"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-signin"))).click();
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#passkey-login .passkey-error")));
        assertThat(refused.getText()).contains("The passkey did not work").containsIgnoringCase("counter");
        assertThat(driver.getCurrentUrl()).contains("/login");
        sql("UPDATE passkeys SET sign_count = 0 WHERE user_id = $1", p);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-signin"))).click();
        awaitUrl("/account");

        // password first, then the passkey as the second factor
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=signed-out"));
        signInWithPassword(p);
        wait.until(ExpectedConditions.urlContains("/login/2fa"));
        assertThat(driver.findElements(By.id("code"))).as("no TOTP: no code field").isEmpty();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-verify"))).click();
        awaitUrl("/account");
        assertThat(driver.findElement(By.id("me-email")).getText()).isEqualTo(p.email());
        assertThat(audited("login.succeeded", p, "form, passkey")).isEqualTo(1);

        // remove it: gone from the page, the API and the login rule
        driver.findElement(By.cssSelector("table.passkeys form[action$='/remove'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=passkey-removed"));
        assertThat(driver.findElements(By.cssSelector("table.passkeys"))).isEmpty();
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.passkeys", equalTo(0));
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("notice=signed-out"));
        signInWithPassword(p);
        wait.until(ExpectedConditions.urlToBe(BASE + "/account"));
    }

    private long audited(String action, Person p, String via) {
        return pool.preparedQuery("SELECT count(*) FROM audit_events WHERE action = $1 AND actor_user_id = $2 "
                        + "AND changes -> 'via' ->> 1 = $3").execute(Tuple.of(action, p.id(), via))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private void sql(String statement, Person p) {
        pool.preparedQuery(statement).execute(Tuple.of(p.id())).await().indefinitely();
    }

    /** Waits for the script to go on to {@code path}; else fails with what the page said. */
    private void awaitUrl(String path) {
        try {
            wait.until(ExpectedConditions.urlContains(path));
        } catch (TimeoutException e) {
            List<WebElement> errors = driver.findElements(By.cssSelector(".passkey-error"));
            fail("still at " + driver.getCurrentUrl() + ": " + (errors.isEmpty() ? "no error shown" : errors.get(0).getText()));
        }
    }

    private void signInWithPassword(Person p) {
        if (!driver.getCurrentUrl().startsWith(BASE + "/login")) {
            driver.get(BASE + "/login");
        }
        driver.findElement(By.id("email")).sendKeys(p.email());
        driver.findElement(By.id("password")).sendKeys(People.PASSWORD);
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();
    }
}
