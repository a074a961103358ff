"use strict";
exports.id = 656;
exports.ids = [656];
exports.modules = {

/***/ 17656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployAfterRenew: () => (/* binding */ deployAfterRenew)
/* harmony export */ });
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32656);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44450);
/**
 * `renew` with `deploy: true`: SSH targets get every certificate (renewed ones straight from
 * memory, the rest from the store when the age identity is given; hosts already serving the right
 * certificate are skipped), and exec hook targets run for the certificates renewed in this run
 * (a forced certificate is renewed, so it is among them): a hook never runs for a certificate that
 * did not change.
 */


async function deployAfterRenew(settings, results, bundles, log) {
    const sealed = new Set(bundles.map((b) => b.name));
    const fresh = new Map();
    for (const r of results) {
        if (!r.ok || !sealed.has(r.name))
            continue;
        fresh.set(r.name, {
            name: r.name,
            domains: r.certificate.domains,
            fullchainPem: r.certificate.fullchainPem,
            privateKeyPem: r.certificate.privateKeyPem,
            certificateSha256: (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_0__/* .leafFacts */ .kt)(r.certificate.fullchainPem).sha256,
        });
    }
    return (0,_deploy_js__WEBPACK_IMPORTED_MODULE_1__/* .deployFromStore */ .B)(settings, log, { fresh, hookDue: (name) => fresh.has(name) });
}


/***/ })

};
;