package io.vigil.auth.totp;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class TotpCodeTest {

    /** RFC 6238 appendix B's SHA-1 key, "12345678901234567890", as an authenticator app would get it. */
    static final String RFC_SECRET = new Base32().encodeToString("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void codesMatchTheRfc6238TestVectorsCutToSixDigits() {
        assertThat(TotpCode.codeAt(RFC_SECRET, TotpCode.stepOf(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(TotpCode.codeAt(RFC_SECRET, TotpCode.stepOf(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(TotpCode.codeAt(RFC_SECRET, TotpCode.stepOf(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(TotpCode.codeAt(RFC_SECRET, TotpCode.stepOf(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
    }

    @Test
    void theCurrentStepAndOneEitherSideAreAcceptedAndSaySoNoMore() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = TotpCode.stepOf(now);
        assertThat(TotpCode.matchingStep(RFC_SECRET, TotpCode.codeAt(RFC_SECRET, step), now)).isEqualTo(OptionalLong.of(step));
        assertThat(TotpCode.matchingStep(RFC_SECRET, TotpCode.codeAt(RFC_SECRET, step - 1), now)).isEqualTo(OptionalLong.of(step - 1));
        assertThat(TotpCode.matchingStep(RFC_SECRET, TotpCode.codeAt(RFC_SECRET, step + 1), now)).isEqualTo(OptionalLong.of(step + 1));
        assertThat(TotpCode.matchingStep(RFC_SECRET, TotpCode.codeAt(RFC_SECRET, step - 2), now)).isEmpty();
        assertThat(TotpCode.matchingStep(RFC_SECRET, TotpCode.codeAt(RFC_SECRET, step + 2), now)).isEmpty();
        assertThat(TotpCode.matchingStep(RFC_SECRET, "12345", now)).isEmpty();
        assertThat(TotpCode.matchingStep(RFC_SECRET, "abcd-efgh", now)).isEmpty();
    }

    @Test
    void secretsAreTwentyRandomBytesInBase32() {
        String a = TotpCode.newSecret();
        assertThat(a).matches("[A-Z2-7]{32}");
        assertThat(new Base32().decode(a)).hasSize(20);
        assertThat(TotpCode.newSecret()).isNotEqualTo(a);
    }

    @Test
    void theUriIsTheKeyUriFormat() {
        assertThat(TotpCode.otpauthUri("a b@example.com", "ABC"))
                .isEqualTo("otpauth://totp/Vigil:a%20b%40example.com?secret=ABC&issuer=Vigil&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void recoveryCodesAreTypedFreelyAndHashedTheSame() {
        assertThat(RecoveryCodes.generate()).hasSize(10).doesNotHaveDuplicates();
        assertThat(RecoveryCodes.hash(" ABCD-efgh ")).isEqualTo(RecoveryCodes.hash("abcdefgh"));
        assertThat(RecoveryCodes.hash("abcd-efgh")).isNotEqualTo(RecoveryCodes.hash("abcd-efgi"));
    }

    @Test
    void theQrCodeIsAnSvgOfDarkModules() {
        String svg = QrSvg.of("otpauth://totp/Vigil:x?secret=ABC");
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>").contains("h1v1h-1z");
    }
}
