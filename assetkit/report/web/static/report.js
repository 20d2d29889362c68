// Toggles: each checkbox with data-toggle sets that class on <body>; CSS does the drawing.
(function () {
  var boxes = document.querySelectorAll('input[data-toggle]');
  boxes.forEach(function (box) {
    var apply = function () { document.body.classList.toggle(box.dataset.toggle, box.checked); };
    box.addEventListener('change', apply);
    apply();
  });
})();
