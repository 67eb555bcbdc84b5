#ifndef HUBAUDIT_CCURL_H
#define HUBAUDIT_CCURL_H

/*
 * libcurl, loaded at first use.
 *
 * hubaudit links no networking library: commands that never reach the network (query, export,
 * info, ...) should not pay for loading libcurl and the ~30 libraries it needs (TLS, Kerberos,
 * LDAP, ...) at every start. curl.h is included only for its types and constants; the functions
 * are resolved with dlsym by hubaudit_curl_load() and called through the wrappers below, which
 * also turn curl's variadic curl_easy_setopt / curl_easy_getinfo into typed, non-variadic calls
 * that Swift can make safely.
 *
 * Every wrapper except hubaudit_curl_load() may be called only after hubaudit_curl_load()
 * returned 0.
 */

#ifndef CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_TYPECHECK 1
#endif
#include <curl/curl.h>
#include <stddef.h>

/* The oldest libcurl accepted: 7.58.0 stopped sending custom Authorization headers to another
   host on a redirect. */
#define HUBAUDIT_CURL_MIN_VERSION 0x073A00

/* Loads libcurl once (libcurl.so.4, else libcurl-gnutls.so.4), resolves the functions hubaudit
   uses and calls curl_global_init. Returns 0 on success; otherwise -1, with the reason in
   `error` (NUL-terminated, at most errorLength bytes). Thread-safe; later calls return the first
   call's outcome. */
int hubaudit_curl_load(char *error, size_t errorLength);

/* curl_easy_init, or NULL. */
CURL *hubaudit_curl_easy_init(void);
/* curl_easy_cleanup. */
void hubaudit_curl_easy_cleanup(CURL *handle);
/* curl_easy_reset: options back to their defaults, the connection cache kept. */
void hubaudit_curl_easy_reset(CURL *handle);
/* curl_easy_perform: the whole transfer, blocking. */
CURLcode hubaudit_curl_easy_perform(CURL *handle);
/* curl_easy_strerror: a static description of a code. */
const char *hubaudit_curl_easy_strerror(CURLcode code);

/* curl_easy_setopt for an option taking a long. */
CURLcode hubaudit_curl_setopt_long(CURL *handle, CURLoption option, long value);
/* curl_easy_setopt for an option taking a curl_off_t. */
CURLcode hubaudit_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
/* curl_easy_setopt for an option taking a pointer (a string, a curl_slist, callback data). */
CURLcode hubaudit_curl_setopt_ptr(CURL *handle, CURLoption option, const void *value);
/* curl_easy_setopt for CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION. */
CURLcode hubaudit_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
/* curl_easy_setopt for CURLOPT_XFERINFOFUNCTION. */
CURLcode hubaudit_curl_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback);
/* Allows only http and https for the request, and for redirects only https (plus http when
   allowPlainHTTPRedirects is non-zero). Uses the *_PROTOCOLS_STR options of libcurl 7.85 and
   later, the older bit masks before. */
CURLcode hubaudit_curl_restrict_protocols(CURL *handle, int allowPlainHTTPRedirects);

/* curl_easy_getinfo for an item answered with a long. */
CURLcode hubaudit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/* curl_slist_append (copies the string), or NULL when out of memory. */
struct curl_slist *hubaudit_curl_slist_append(struct curl_slist *list, const char *string);
/* curl_slist_free_all. */
void hubaudit_curl_slist_free_all(struct curl_slist *list);

#endif
