"use strict";
exports.id = 311;
exports.ids = [311];
exports.modules = {

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The product version; test/unit/bundle.test.ts fails when it differs from package.json's. */
const VERSION = '0.1.0';


/***/ })

};
;