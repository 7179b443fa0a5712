// Content-area suggestions in the article editor: ask the server, list the areas with the
// matched words, and tick the area in the "topics" checkboxes when the author accepts.
(function () {
  function text(selector) {
    const el = document.querySelector(selector);
    return el ? el.value || "" : "";
  }
  function bodyText() {
    // The rich text editor keeps its content in a hidden input as Draft.js JSON; the visible
    // editor's text is what the author wrote.
    const editor = document.querySelector("[data-field-wrapper] .DraftEditor-root, .Draftail-Editor");
    return editor ? editor.innerText : "";
  }
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function init(panel) {
    const button = panel.querySelector("[data-suggest-button]");
    const list = panel.querySelector("[data-suggest-list]");
    const message = panel.querySelector("[data-suggest-message]");
    const template = panel.querySelector("template[data-suggest-item]");
    button.addEventListener("click", async function () {
      const form = new FormData();
      form.append("title", text("#id_title"));
      form.append("summary", text("#id_summary"));
      form.append("body", bodyText());
      button.disabled = true;
      message.textContent = "…";
      list.replaceChildren();
      try {
        const response = await fetch(panel.dataset.url, {
          method: "POST",
          body: form,
          headers: { "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
        });
        const data = await response.json();
        message.textContent = data.message || "";
        for (const s of data.suggestions) {
          const item = template.content.firstElementChild.cloneNode(true);
          item.dataset.topicId = s.id;
          item.querySelector("[data-title]").textContent = s.label + ") " + s.title;
          item.querySelector("[data-terms]").textContent = s.terms.join(", ");
          const accept = item.querySelector("[data-accept]");
          const box = document.querySelector('input[name="topics"][value="' + s.id + '"]');
          if (box && box.checked) {
            accept.disabled = true;
            accept.textContent = "✓";
          }
          accept.addEventListener("click", function () {
            if (box) {
              box.checked = true;
              box.dispatchEvent(new Event("change", { bubbles: true }));
            }
            accept.disabled = true;
            accept.textContent = "✓";
          });
          list.appendChild(item);
        }
      } catch (error) {
        message.textContent = String(error);
      } finally {
        button.disabled = false;
      }
    });
  }
  function start() {
    document.querySelectorAll("[data-topic-suggestions]").forEach(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
