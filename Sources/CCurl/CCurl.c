#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* The functions resolved from libcurl. Written once under pthread_once, read-only afterwards. */
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
    curl_version_info_data *(*version_info)(CURLversion age);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512];

static void *resolve(void *library, const char *name) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && load_error[0] == '\0') {
        snprintf(load_error, sizeof load_error, "libcurl lacks %s", name);
    }
    return symbol;
}

static void load(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library == NULL && i == 0) {
            const char *reason = dlerror();
            snprintf(load_error, sizeof load_error, "%s", reason != NULL ? reason : "libcurl.so.4 not found");
        }
    }
    if (library == NULL) return;
    load_error[0] = '\0';

    /* Function pointers go through void * as POSIX allows for dlsym. */
    *(void **)&curl.global_init = resolve(library, "curl_global_init");
    *(void **)&curl.easy_init = resolve(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = resolve(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = resolve(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = resolve(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = resolve(library, "curl_easy_cleanup");
    *(void **)&curl.easy_reset = resolve(library, "curl_easy_reset");
    *(void **)&curl.easy_strerror = resolve(library, "curl_easy_strerror");
    *(void **)&curl.slist_append = resolve(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = resolve(library, "curl_slist_free_all");
    *(void **)&curl.version_info = resolve(library, "curl_version_info");
    if (load_error[0] != '\0') return;

    curl_version_info_data *version = curl.version_info(CURLVERSION_FIRST);
    if (version == NULL || version->version_num < HUBAUDIT_CURL_MIN_VERSION) {
        snprintf(load_error, sizeof load_error, "libcurl %s is too old (7.58.0 or newer is needed)",
                 version != NULL && version->version != NULL ? version->version : "(unknown version)");
        return;
    }
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", curl.easy_strerror(code));
        return;
    }
    load_status = 0;
}

int hubaudit_curl_load(char *error, size_t errorLength) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error != NULL && errorLength > 0) {
        snprintf(error, errorLength, "%s", load_error[0] != '\0' ? load_error : "libcurl could not be loaded");
    }
    return load_status;
}

CURL *hubaudit_curl_easy_init(void) {
    return load_status == 0 ? curl.easy_init() : NULL;
}

void hubaudit_curl_easy_cleanup(CURL *handle) {
    if (load_status == 0 && handle != NULL) curl.easy_cleanup(handle);
}

void hubaudit_curl_easy_reset(CURL *handle) {
    if (load_status == 0 && handle != NULL) curl.easy_reset(handle);
}

CURLcode hubaudit_curl_easy_perform(CURL *handle) {
    return load_status == 0 ? curl.easy_perform(handle) : CURLE_FAILED_INIT;
}

const char *hubaudit_curl_easy_strerror(CURLcode code) {
    return load_status == 0 ? curl.easy_strerror(code) : "libcurl is not loaded";
}

CURLcode hubaudit_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return load_status == 0 ? curl.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hubaudit_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return load_status == 0 ? curl.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hubaudit_curl_setopt_ptr(CURL *handle, CURLoption option, const void *value) {
    return load_status == 0 ? curl.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hubaudit_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return load_status == 0 ? curl.easy_setopt(handle, option, callback) : CURLE_FAILED_INIT;
}

CURLcode hubaudit_curl_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback) {
    return load_status == 0 ? curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode hubaudit_curl_restrict_protocols(CURL *handle, int allowPlainHTTPRedirects) {
    if (load_status != 0) return CURLE_FAILED_INIT;
    CURLcode code = curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_OK) {
        return curl.easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, allowPlainHTTPRedirects ? "http,https" : "https");
    }
    if (code != CURLE_UNKNOWN_OPTION) return code;
    /* libcurl before 7.85 knows only the bit masks (deprecated since). */
    code = curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    if (code == CURLE_OK) {
        long redirects = allowPlainHTTPRedirects ? (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS;
        code = curl.easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS, redirects);
    }
    return code;
}

CURLcode hubaudit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return load_status == 0 ? curl.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

struct curl_slist *hubaudit_curl_slist_append(struct curl_slist *list, const char *string) {
    return load_status == 0 ? curl.slist_append(list, string) : NULL;
}

void hubaudit_curl_slist_free_all(struct curl_slist *list) {
    if (load_status == 0 && list != NULL) curl.slist_free_all(list);
}
