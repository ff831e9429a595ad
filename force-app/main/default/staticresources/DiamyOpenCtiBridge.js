/*
 * Diamy Open CTI click-to-dial bridge (docs/OPEN-CTI.md).
 *
 * Loaded by the Visualforce page DiamyClickToDialBridge, the adapter page of the optional call center
 * "Diamy Click-to-Dial" (connection/open-cti). Its only job: ask Open CTI to enable click-to-dial on the standard
 * phone fields, and forward each click to the Diamy softphone (c-diamy-softphone in the utility bar) as the `dial`
 * request of the phone channel contract (c/diamyPhoneChannel), over the Lightning Message Service channel
 * Diamy_Phone__c, published with Open CTI's own LMS methods (API 47.0 and later). The softphone answers with a
 * `result` carrying the same request id; this page shows a refusal or a silence in its own panel.
 *
 * A plain browser script (no modules, no build): the page includes it as a static resource, and
 * scripts/tests/open-cti-bridge.test.mjs runs this same file in a node:vm context with a fake sforce.opencti.
 * Text reaches the page only through textContent (never as HTML).
 */
(function (root, factory) {
    'use strict';
    var api = factory();
    if (typeof module === 'object' && module && module.exports) {
        module.exports = api;
    } else {
        root.DiamyOpenCtiBridge = api;
    }
})(typeof self !== 'undefined' ? self : this, function () {
    'use strict';

    /** The Lightning Message Channel of the phone contract (no namespace: the package has none). */
    var CHANNEL_NAME = 'Diamy_Phone__c';
    /** Same wait as the record components (c/diamyPhoneChannel REQUEST_TIMEOUT_MS). */
    var REQUEST_TIMEOUT_MS = 8000;
    /** The contract's limits (c/diamyPhoneChannel readPhoneMessage: dial.number ≤ 64, dial.name ≤ 255). */
    var MAX_NUMBER = 64;
    var MAX_NAME = 255;
    var SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
    /** Key prefix of a record id → the key of RelatedRecords (c/diamyCallRecord) the call is logged against. */
    var PREFIXES = {
        '003': 'contactId',
        '001': 'accountId',
        '00Q': 'leadId',
        '006': 'opportunityId',
        500: 'caseId'
    };

    function isObject(value) {
        return typeof value === 'object' && value !== null && !Array.isArray(value);
    }

    function salesforceId(value) {
        return typeof value === 'string' && SALESFORCE_ID.test(value) ? value : null;
    }

    /**
     * The records a clicked number relates the call to, from the clicked record's id (its key prefix). A person
     * account click gives its account and contact ids. Unknown objects and malformed ids relate to nothing.
     */
    function relatedFromClick(payload) {
        var related = {};
        if (!isObject(payload)) {
            return related;
        }
        var recordId = salesforceId(payload.recordId);
        if (recordId) {
            var key = PREFIXES[recordId.slice(0, 3)];
            if (key) {
                related[key] = recordId;
            }
        }
        if (payload.personAccount === true) {
            var accountId = salesforceId(payload.accountId);
            var contactId = salesforceId(payload.contactId);
            if (accountId && accountId.slice(0, 3) === '001') {
                related.accountId = accountId;
            }
            if (contactId && contactId.slice(0, 3) === '003') {
                related.contactId = contactId;
            }
        }
        return related;
    }

    /** The clicked number as text ('' when missing, blank or longer than the contract allows). */
    function clickedNumber(payload) {
        if (!isObject(payload)) {
            return '';
        }
        var raw = payload.number;
        var number = typeof raw === 'number' && isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
        return number.length > MAX_NUMBER ? '' : number;
    }

    /**
     * The `dial` request for an onClickToDial payload ({ number, recordId, recordName, objectType, personAccount,
     * accountId, contactId, params }), or null when the payload carries no number the softphone could dial.
     */
    function dialMessageFromClick(payload, requestId) {
        var number = clickedNumber(payload);
        if (number === '' || typeof requestId !== 'string' || requestId === '') {
            return null;
        }
        var name = typeof payload.recordName === 'string' ? payload.recordName.trim().slice(0, MAX_NAME) : '';
        return { v: 1, type: 'dial', requestId: requestId, number: number, name: name, related: relatedFromClick(payload) };
    }

    /** The softphone's answer to one request: { ok, reason, message } or null for any other message. */
    function resultFor(message, requestId) {
        if (!isObject(message) || message.v !== 1 || message.type !== 'result' || message.replyTo !== requestId) {
            return null;
        }
        if (typeof message.ok !== 'boolean') {
            return null;
        }
        return {
            ok: message.ok,
            reason: typeof message.reason === 'string' ? message.reason : null,
            message: typeof message.message === 'string' ? message.message.slice(0, 1000) : ''
        };
    }

    /** The bridge's own words for a refusal that came without the softphone's message. */
    var REFUSAL_LABELS = {
        no_softphone: 'noSoftphone',
        on_call: 'onCall',
        connecting: 'connecting',
        offline: 'offline',
        other_tab: 'otherTab',
        invalid_number: 'invalidNumber'
    };

    function refusalText(labels, result) {
        if (result.message) {
            return result.message;
        }
        var key = Object.prototype.hasOwnProperty.call(REFUSAL_LABELS, result.reason) ? REFUSAL_LABELS[result.reason] : 'failed';
        return labels[key];
    }

    function format(template, value) {
        return String(template).split('{0}').join(value);
    }

    var sequence = 0;
    function defaultId() {
        sequence += 1;
        return 'octi_' + Date.now().toString(36) + '_' + Math.random().toString(36).slice(2, 8) + '_' + sequence;
    }

    /**
     * The bridge itself.
     * options: opencti (window.sforce.opencti), labels ({ idle, dialing, noSoftphone, invalidNumber, failed, onCall,
     * connecting, offline, otherTab }),
     * show(text) (what the panel says), and for tests setTimer, clearTimer, newId, timeoutMs.
     */
    function createBridge(options) {
        var opencti = options.opencti;
        var labels = options.labels;
        var show = options.show;
        var setTimer =
            options.setTimer ||
            function (callback, ms) {
                return setTimeout(callback, ms);
            };
        var clearTimer =
            options.clearTimer ||
            function (timer) {
                clearTimeout(timer);
            };
        var newId = options.newId || defaultId;
        var timeoutMs = options.timeoutMs || REQUEST_TIMEOUT_MS;
        var pending = {};
        var subscription = null;
        var listening = false;

        function panel(visible) {
            opencti.setSoftphonePanelVisibility({ visible: visible, callback: function () {} });
        }

        /** Tells the agent why nothing rang, in the softphone panel, and opens it. */
        function refuse(text) {
            show(text);
            panel(true);
        }

        function settle(requestId) {
            var entry = pending[requestId];
            if (!entry) {
                return null;
            }
            delete pending[requestId];
            clearTimer(entry.timer);
            return entry;
        }

        function onMessage(message) {
            var ids = Object.keys(pending);
            for (var i = 0; i < ids.length; i += 1) {
                var result = resultFor(message, ids[i]);
                if (!result) {
                    continue;
                }
                settle(ids[i]);
                if (result.ok) {
                    show(labels.idle);
                    panel(false);
                } else {
                    refuse(refusalText(labels, result));
                }
                return;
            }
        }

        function onClick(payload) {
            var requestId = newId();
            var dial = dialMessageFromClick(payload, requestId);
            if (!dial) {
                refuse(labels.invalidNumber);
                return;
            }
            if (!listening) {
                // Without the subscription no answer can come back: say so now rather than after the wait.
                refuse(labels.failed);
                return;
            }
            pending[requestId] = {
                timer: setTimer(function () {
                    if (settle(requestId)) {
                        refuse(labels.noSoftphone);
                    }
                }, timeoutMs)
            };
            show(format(labels.dialing, dial.name || dial.number));
            opencti.publish({
                channelName: CHANNEL_NAME,
                message: dial,
                callback: function (response) {
                    if (!(response && response.success) && settle(requestId)) {
                        refuse(labels.failed);
                    }
                }
            });
        }

        return {
            start: function () {
                show(labels.idle);
                opencti.subscribe({
                    channelName: CHANNEL_NAME,
                    listener: onMessage,
                    callback: function (response) {
                        if (response && response.success) {
                            subscription = response.subscription || null;
                            listening = true;
                        } else {
                            show(labels.failed);
                        }
                    }
                });
                opencti.onClickToDial({ listener: onClick });
                opencti.enableClickToDial({ callback: function () {} });
            },
            stop: function () {
                var ids = Object.keys(pending);
                for (var i = 0; i < ids.length; i += 1) {
                    settle(ids[i]);
                }
                if (subscription) {
                    opencti.unsubscribe({ subscription: subscription, callback: function () {} });
                    subscription = null;
                }
                listening = false;
            },
            /** Requests waiting for the softphone's answer (for tests). */
            pendingCount: function () {
                return Object.keys(pending).length;
            }
        };
    }

    /**
     * Starts the bridge on the adapter page: `element` shows the panel's text. Outside Open CTI (the page opened
     * by its URL, or opencti_min.js missing) it says so and does nothing else.
     */
    function startPage(options) {
        var element = options.element;
        var show = function (text) {
            element.textContent = text;
        };
        var global = options.global || (typeof self !== 'undefined' ? self : {});
        var opencti = global.sforce && global.sforce.opencti;
        if (!opencti || typeof opencti.onClickToDial !== 'function' || typeof opencti.publish !== 'function') {
            show(options.labels.notInPanel);
            return null;
        }
        var bridge = createBridge({ opencti: opencti, labels: options.labels, show: show });
        bridge.start();
        if (typeof global.addEventListener === 'function') {
            global.addEventListener('pagehide', bridge.stop);
        }
        return bridge;
    }

    return {
        CHANNEL_NAME: CHANNEL_NAME,
        REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS,
        REFUSAL_LABELS: REFUSAL_LABELS,
        relatedFromClick: relatedFromClick,
        dialMessageFromClick: dialMessageFromClick,
        resultFor: resultFor,
        createBridge: createBridge,
        startPage: startPage
    };
});
