package io.vigil.auth.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DevicesTest {

    @Test
    void namesBrowserAndSystemOfCommonHeaders() {
        assertEquals("Firefox on Ubuntu", Devices.describe(
                "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"));
        assertEquals("Mobile Safari on iOS", Devices.describe(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/17.1 Mobile/15E148 Safari/604.1"));
        assertEquals("Edge on Windows", Devices.describe(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                        + "Safari/537.36 Edg/120.0.0.0"));
        assertEquals("Chrome Mobile on Android", Devices.describe(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                        + "Mobile Safari/537.36"));
        assertEquals("curl", Devices.describe("curl/8.5.0"));
    }

    @Test
    void anUnknownHeaderShowsItsFirstWordsWithoutControlCharacters() {
        assertEquals("Unknown device", Devices.describe(null));
        assertEquals("Unknown device", Devices.describe("  "));
        String shown = Devices.describe("\u0007" + "x".repeat(100) + "\n");
        assertEquals("x".repeat(60) + "\u2026", shown);
    }
}
