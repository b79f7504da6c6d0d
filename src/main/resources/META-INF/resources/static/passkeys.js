/* Passkeys on the account pages: asks the server for WebAuthn options, lets the browser's authenticator answer,
   posts the answer as JSON. Elements with data-passkey="register|login|second-factor" start it; without script (or
   without WebAuthn) they stay hidden and the password forms work alone. */
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) { return; }
  function bytes(s) {
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    var a = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) { a[i] = b.charCodeAt(i); }
    return a.buffer;
  }
  function text(buf) {
    if (!buf) { return null; }
    var a = new Uint8Array(buf), s = "";
    for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body) }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var detail = j.errors && j.errors.length ? j.errors[0].field + " " + j.errors[0].message : (j.detail || j.title || "failed");
          throw new Error(detail);
        }
        return j;
      });
    });
  }
  function descriptors(list) {
    return (list || []).map(function (d) { return { type: d.type, id: bytes(d.id), transports: d.transports }; });
  }
  function register(o) {
    o.challenge = bytes(o.challenge);
    o.user.id = bytes(o.user.id);
    o.excludeCredentials = descriptors(o.excludeCredentials);
    return navigator.credentials.create({ publicKey: o }).then(function (c) {
      return { id: c.id, rawId: text(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(),
        authenticatorAttachment: c.authenticatorAttachment || null,
        response: { clientDataJSON: text(c.response.clientDataJSON), attestationObject: text(c.response.attestationObject),
          transports: c.response.getTransports ? c.response.getTransports() : [] } };
    });
  }
  function assert(o) {
    o.challenge = bytes(o.challenge);
    o.allowCredentials = descriptors(o.allowCredentials);
    return navigator.credentials.get({ publicKey: o }).then(function (c) {
      return { id: c.id, rawId: text(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(),
        authenticatorAttachment: c.authenticatorAttachment || null,
        response: { clientDataJSON: text(c.response.clientDataJSON), authenticatorData: text(c.response.authenticatorData),
          signature: text(c.response.signature), userHandle: text(c.response.userHandle) } };
    });
  }
  var urls = { register: "/account/passkeys", login: "/login/passkey", "second-factor": "/login/passkey/second-factor" };
  var boxes = document.querySelectorAll("[data-passkey]");
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      var kind = box.getAttribute("data-passkey"), url = urls[kind];
      var form = box.querySelector("form"), error = box.querySelector(".passkey-error");
      box.hidden = false;
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        error.hidden = true;
        var csrf = form.querySelector("input[name=csrf]").value;
        var name = form.querySelector("input[name=name]"), next = form.querySelector("input[name=next]");
        post(url + "/options", { csrf: csrf }).then(kind === "register" ? register : assert).then(function (credential) {
          return post(url, { csrf: csrf, credential: credential, name: name ? name.value : null, next: next ? next.value : null });
        }).then(function (done) {
          window.location.assign(done.redirect);
        }).catch(function (err) {
          error.textContent = "The passkey did not work: " + (err && err.message ? err.message : err);
          error.hidden = false;
        });
      });
    })(boxes[i]);
  }
})();
