package io.vigil.notify.telegram;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Bot API's {@code sendMessage} parameters as JSON: HTML parse mode, link previews off.
 *
 * @param chatId a number for a numeric chat ID ({@code -1001234567890}), else the {@code @channelusername} string
 */
record TelegramMessage(@JsonProperty("chat_id") Object chatId, String text,
                       @JsonProperty("parse_mode") String parseMode,
                       @JsonProperty("disable_web_page_preview") boolean disableWebPagePreview) {

    static TelegramMessage html(String chat, String text) {
        Object chatId = TelegramChannel.NUMERIC_CHAT.matcher(chat).matches() ? (Object) Long.parseLong(chat) : chat;
        return new TelegramMessage(chatId, text, "HTML", true);
    }
}
